package org.mosn4j.kernel.plugin;

import static org.mosn4j.kernel.plugin.PluginAdminException.Reason.BAD_REQUEST;
import static org.mosn4j.kernel.plugin.PluginAdminException.Reason.CONFLICT;
import static org.mosn4j.kernel.plugin.PluginAdminException.Reason.FAILED;
import static org.mosn4j.kernel.plugin.PluginAdminException.Reason.NOT_FOUND;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, disables, enables and unloads plugins while the proxy runs.
 *
 * <p>Operations are serialized (synchronized) and may block on file and class loading, so the admin API runs
 * them on {@link #executor()}, off the event loops. Streams are never blocked: they read each plugin's
 * {@link PluginGate} once per new stream. Only plugins that provide no protocol and no network filter can be
 * disabled or unloaded; protocols and network filters stay with the connections that use them.
 */
public final class PluginControl {

    private static final Logger LOG = LoggerFactory.getLogger(PluginControl.class);

    private final PluginHost host;
    private final ThreadPoolExecutor executor;
    private final Map<String, CompletableFuture<Void>> unloads = new ConcurrentHashMap<>();

    PluginControl(PluginHost host) {
        this.host = host;
        this.executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "mosn4j-plugin-admin");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** @return the thread plugin operations and unload completions run on */
    public Executor executor() {
        return executor;
    }

    /** Outcome of an unload request: the plugin as it is now, and when it is gone. */
    public record Unload(LoadedPlugin plugin, CompletableFuture<Void> done) {
    }

    /**
     * Loads and starts a jar from the plugins directory. When the config names a stream filter type it provides
     * and the plugin that provided it before was unloaded, those filters are configured with the new plugin
     * and new streams get them.
     *
     * @param fileName the jar's file name in the plugins directory
     * @return the plugin, enabled
     * @throws PluginAdminException naming the jar and what is wrong with it; nothing stays loaded then
     */
    public synchronized LoadedPlugin load(String fileName) throws PluginAdminException {
        Path jar = jarInPluginsDir(fileName);
        RecordingPluginManager manager = host.manager();
        for (LoadedPlugin plugin : host.plugins()) {
            if (plugin.jar().equals(jar)) {
                throw refused(CONFLICT, jar.getFileName() + " is already loaded as plugin " + plugin.id() + " ("
                        + plugin.status().jsonName() + ")");
            }
        }
        PluginDescriptor descriptor;
        try {
            descriptor = manager.readDescriptor(jar);
        } catch (RuntimeException e) {
            throw refused(BAD_REQUEST, PluginHost.loadFailure(jar, e));
        }
        LoadedPlugin sameId = host.plugin(descriptor.getPluginId()).orElse(null);
        if (sameId != null) {
            throw refused(CONFLICT, jar.getFileName() + ": plugin id " + sameId.id() + " is already loaded from "
                    + sameId.jar().getFileName() + " (" + sameId.status().jsonName() + ")"
                    + (sameId.status() == PluginStatus.UNLOADING ? "; try again once it is unloaded" : "; unload it first"));
        }
        PluginWrapper wrapper;
        try {
            wrapper = manager.getPlugin(manager.loadPlugin(jar));
            manager.startPlugin(wrapper.getPluginId());
            PluginHost.requireStarted(wrapper);
        } catch (RuntimeException e) {
            discard(descriptor.getPluginId());
            throw refused(BAD_REQUEST, PluginHost.loadFailure(jar, e));
        } catch (PluginLoadException e) {
            discard(descriptor.getPluginId());
            throw refused(FAILED, e.getMessage());
        } finally {
            manager.takeFailures();
        }
        LoadedPlugin plugin = null;
        try {
            plugin = host.describe(wrapper);
            refuseTypesStillUnloading(plugin);
            host.registry().addAll(plugin);
            rebindConfiguredFilters(plugin);
        } catch (PluginLoadException | PluginAdminException | ConfigException | RuntimeException e) {
            if (plugin != null) {
                host.registry().removeAll(plugin);
            }
            discard(wrapper.getPluginId());
            throw refusal(jar, wrapper.getPluginId(), e);
        }
        host.added(plugin);
        LOG.info("plugin admin: loaded {}: {}", plugin.label(), plugin.types());
        return plugin;
    }

    /**
     * New streams get the fallback of the plugin's configured filters ({@code on_plugin_disabled}); streams that
     * have its filters keep them.
     *
     * @param id the plugin id
     * @return the plugin
     * @throws PluginAdminException when there is no such plugin, it cannot be managed, or it is unloading
     */
    public synchronized LoadedPlugin disable(String id) throws PluginAdminException {
        LoadedPlugin plugin = switchable(id, "disable");
        plugin.gate().setEnabled(false);
        LOG.info("plugin admin: disabled {}; new streams get the on_plugin_disabled fallback of {} configured filter(s)",
                plugin.label(), host.registry().pluginStreamFilters(plugin).size());
        return plugin;
    }

    /**
     * New streams get the plugin's filters again.
     *
     * @param id the plugin id
     * @return the plugin
     * @throws PluginAdminException when there is no such plugin, it cannot be managed, or it is unloading
     */
    public synchronized LoadedPlugin enable(String id) throws PluginAdminException {
        LoadedPlugin plugin = switchable(id, "enable");
        plugin.gate().setEnabled(true);
        LOG.info("plugin admin: enabled {}", plugin.label());
        return plugin;
    }

    /**
     * Stops handing out the plugin's filters and, once no stream holds one, stops and unloads it with PF4J.
     * Until then it is listed as {@code unloading}.
     *
     * @param id the plugin id
     * @return the plugin, and when the unload is done (already done when nothing used the plugin)
     * @throws PluginAdminException when there is no such plugin or it cannot be managed
     */
    public synchronized Unload unload(String id) throws PluginAdminException {
        LoadedPlugin plugin = manageable(id, "unload");
        CompletableFuture<Void> pending = unloads.get(plugin.id());
        if (pending != null) {
            return new Unload(plugin, pending);
        }
        CompletableFuture<Void> drained = plugin.gate().beginUnload();
        if (drained.isDone()) {
            finishUnload(plugin);
            return new Unload(plugin, CompletableFuture.completedFuture(null));
        }
        LOG.info("plugin admin: unloading {} once its {} live filter instance(s) are gone", plugin.label(),
                plugin.liveFilters());
        CompletableFuture<Void> done = drained.thenRunAsync(() -> finishUnload(plugin), executor);
        unloads.put(plugin.id(), done);
        return new Unload(plugin, done);
    }

    private synchronized void finishUnload(LoadedPlugin plugin) {
        unloads.remove(plugin.id());
        host.registry().pluginStreamFilters(plugin).forEach(GatedStreamFilterInstaller::unbind);
        host.registry().removeAll(plugin);
        try {
            host.manager().unloadPlugin(plugin.id());
        } catch (RuntimeException e) {
            LOG.warn("plugin admin: PF4J failed to unload {}", plugin.label(), e);
        }
        plugin.gate().markUnloaded();
        host.removed(plugin);
        LOG.info("plugin admin: unloaded {}", plugin.label());
    }

    private LoadedPlugin switchable(String id, String verb) throws PluginAdminException {
        LoadedPlugin plugin = manageable(id, verb);
        if (plugin.status() == PluginStatus.UNLOADING) {
            throw refused(CONFLICT, "cannot " + verb + " plugin " + id + ": it is unloading (" + plugin.liveFilters()
                    + " filter instance(s) still in use); load its jar again once it is gone");
        }
        return plugin;
    }

    private LoadedPlugin manageable(String id, String verb) throws PluginAdminException {
        if (id == null || id.isEmpty()) {
            throw refused(BAD_REQUEST, "name the plugin to " + verb + " with ?id=PLUGIN_ID");
        }
        LoadedPlugin plugin = host.plugin(id).orElseThrow(() -> refused(NOT_FOUND, "no plugin " + id + " is loaded "
                + "(loaded: " + String.join(", ", host.plugins().stream().map(LoadedPlugin::id).toList()) + ")"));
        if (!plugin.manageable()) {
            List<String> provides = new ArrayList<>();
            plugin.types().forEach((kind, types) -> provides.add(kind.displayName() + " " + String.join(", ", types)));
            throw refused(CONFLICT, "cannot " + verb + " plugin " + id + ": it provides " + String.join("; ", provides)
                    + ", which open connections hold on to; only plugins without protocols and network filters "
                    + "can be disabled or unloaded at run time (remove the jar and restart instead)");
        }
        return plugin;
    }

    /** A type of the new plugin still registered by a plugin that is unloading cannot be taken over yet. */
    private void refuseTypesStillUnloading(LoadedPlugin plugin) throws PluginAdminException {
        for (var entry : plugin.extensions().entrySet()) {
            for (TypedExtension extension : entry.getValue()) {
                ExtensionRegistry.Registered current = host.registry().registered(entry.getKey(), extension.type());
                if (current != null && current.plugin() != null && current.plugin().status() == PluginStatus.UNLOADING) {
                    throw new PluginAdminException(CONFLICT, plugin.jar().getFileName() + " provides "
                            + entry.getKey().displayName() + " type \"" + extension.type() + "\", still provided by "
                            + current.plugin().label() + ", which is unloading; try again once it is unloaded");
                }
            }
        }
    }

    /** Configures first, then binds, so that a config the new plugin rejects leaves every filter as it was. */
    private void rebindConfiguredFilters(LoadedPlugin plugin) throws ConfigException {
        Map<GatedStreamFilterInstaller, StreamFilterInstaller> rebound = new LinkedHashMap<>();
        for (TypedExtension extension : plugin.extensions().getOrDefault(ExtensionKind.STREAM_FILTER, List.of())) {
            for (GatedStreamFilterInstaller filter : host.registry().pluginStreamFilters(extension.type())) {
                if (filter.plugin().status() == PluginStatus.UNLOADED) {
                    rebound.put(filter, filter.configure((StreamFilterFactory) extension));
                }
            }
        }
        rebound.forEach((filter, installer) -> filter.bind(installer, plugin));
        if (!rebound.isEmpty()) {
            LOG.info("plugin admin: {} configured filter(s) now use {}", rebound.size(), plugin.label());
        }
    }

    /** @return the answer to a load that failed after PF4J started the plugin */
    private static PluginAdminException refusal(Path jar, String pluginId, Exception e) {
        if (e instanceof PluginAdminException admin) {
            return refused(admin.reason(), admin.getMessage());
        }
        if (e instanceof PluginLoadException) {
            return refused(e.getMessage().startsWith("two plugins provide") ? CONFLICT : BAD_REQUEST, e.getMessage());
        }
        if (e instanceof ConfigException) {
            return refused(BAD_REQUEST, jar.getFileName() + " (plugin " + pluginId + ") does not accept the configured "
                    + "filter: " + e.getMessage());
        }
        return refused(FAILED, jar.getFileName() + " (plugin " + pluginId + "): " + PluginHost.causes(e));
    }

    /** Unloads what PF4J loaded of a plugin that is not taken into use. */
    private void discard(String pluginId) {
        try {
            if (host.manager().getPlugin(pluginId) != null) {
                host.manager().unloadPlugin(pluginId);
            }
        } catch (RuntimeException e) {
            LOG.warn("plugin admin: unloading the refused plugin {} failed", pluginId, e);
        }
    }

    private Path jarInPluginsDir(String fileName) throws PluginAdminException {
        Path dir = host.pluginsDir();
        if (fileName == null || fileName.isBlank()) {
            throw refused(BAD_REQUEST, "name the jar to load with ?path=FILE.jar, a file in " + dir);
        }
        Path jar;
        try {
            jar = dir.resolve(fileName).normalize();
        } catch (InvalidPathException e) {
            throw refused(BAD_REQUEST, "path \"" + fileName + "\" is not a valid file name: " + e.getMessage());
        }
        if (!dir.equals(jar.getParent())) {
            throw refused(BAD_REQUEST, "path \"" + fileName + "\" is outside the plugins directory " + dir
                    + "; copy the jar there and name it by its file name");
        }
        if (!jar.getFileName().toString().endsWith(".jar")) {
            throw refused(BAD_REQUEST, "path \"" + fileName + "\" does not name a .jar file");
        }
        if (!Files.isRegularFile(jar)) {
            throw refused(NOT_FOUND, "no file " + jar.getFileName() + " in " + dir);
        }
        return jar;
    }

    private static PluginAdminException refused(PluginAdminException.Reason reason, String message) {
        LOG.warn("plugin admin: {}", message);
        return new PluginAdminException(reason, message);
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
