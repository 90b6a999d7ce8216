package org.mosn4j.kernel.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mosn4j.spi.TypedExtension;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugin jars of one directory with PF4J and builds the {@link ExtensionRegistry} from them and
 * from the extensions on the kernel's own classpath (the built-in {@code proxy} and
 * {@code connection_manager} filters, and any plugin put on the classpath, as tests do).
 *
 * <p>Startup is strict: a jar that is not a plugin, lacks its extension index, lists a class it cannot load,
 * or fails to start stops the process with a message naming the jar. At run time {@link #control()} loads,
 * disables, enables and unloads plugins. Thread-safe.
 */
public final class PluginHost {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path pluginsDir;
    private final RecordingPluginManager manager;
    private final ExtensionRegistry registry;
    private final Map<String, LoadedPlugin> plugins = new ConcurrentHashMap<>();
    private final PluginControl control;

    private PluginHost(Path pluginsDir, RecordingPluginManager manager, ExtensionRegistry registry) {
        this.pluginsDir = pluginsDir;
        this.manager = manager;
        this.registry = registry;
        this.control = new PluginControl(this);
    }

    /**
     * Loads and starts every plugin in {@code pluginsDir}.
     *
     * @param pluginsDir the directory; a missing directory means no plugins
     * @return the host
     * @throws PluginLoadException naming every jar that cannot be used and why, or two extensions claiming one type
     */
    public static PluginHost load(Path pluginsDir) throws PluginLoadException {
        Path dir = pluginsDir.toAbsolutePath().normalize();
        PluginHost host = new PluginHost(dir, new RecordingPluginManager(dir), new ExtensionRegistry(dir.toString()));
        try {
            host.loadAll();
        } catch (PluginLoadException | RuntimeException e) {
            host.stop();
            throw e;
        }
        return host;
    }

    private void loadAll() throws PluginLoadException {
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(pluginsDir)) {
            try {
                manager.loadPlugins();
            } catch (RuntimeException e) {
                problems.add("cannot resolve the plugins of " + pluginsDir + ": " + causes(e));
            }
            manager.takeFailures().forEach((path, e) -> problems.add(loadFailure(path, e)));
            manager.startPlugins();
        } else {
            LOG.warn("plugins directory {} does not exist; only built-in extensions are available", pluginsDir);
        }
        for (ExtensionKind kind : ExtensionKind.values()) {
            for (TypedExtension extension : manager.getExtensions(kind.type(), null)) {
                registry.add(kind, extension, ExtensionRegistry.KERNEL, null);
            }
        }
        for (PluginWrapper plugin : manager.getPlugins()) {
            try {
                requireStarted(plugin);
                LoadedPlugin loaded = describe(plugin);
                registry.addAll(loaded);
                plugins.put(loaded.id(), loaded);
            } catch (PluginLoadException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.size() == 1) {
            throw new PluginLoadException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new PluginLoadException(problems.size() + " plugin problems in " + pluginsDir + ":\n  "
                    + String.join("\n  ", problems));
        }
        for (ExtensionKind kind : ExtensionKind.values()) {
            LOG.info("{} types: {}", kind.displayName(), registry.types(kind));
        }
    }

    /** @throws PluginLoadException when PF4J did not start the plugin, with the cause */
    static void requireStarted(PluginWrapper plugin) throws PluginLoadException {
        if (plugin.getPluginState() != PluginState.STARTED) {
            Throwable cause = plugin.getFailedException();
            throw new PluginLoadException(PluginExtensions.jarName(plugin) + " (plugin " + plugin.getPluginId()
                    + ") failed to start: " + (cause == null ? "state " + plugin.getPluginState() : causes(cause)), cause);
        }
    }

    /** Reads a started plugin's extensions. */
    LoadedPlugin describe(PluginWrapper plugin) throws PluginLoadException {
        PluginDescriptor descriptor = plugin.getDescriptor();
        return new LoadedPlugin(descriptor.getPluginId(), descriptor.getVersion(), descriptor.getPluginDescription(),
                plugin.getPluginPath().toAbsolutePath().normalize(),
                PluginExtensions.create(plugin, manager.getExtensionFactory()));
    }

    /** @return the message for a jar PF4J could not load */
    static String loadFailure(Path jar, Throwable e) {
        return jar.getFileName() + ": not a loadable plugin: " + causes(e) + " (a plugin jar's manifest names at "
                + "least Plugin-Id and Plugin-Version)";
    }

    /** @return the messages of an exception and its causes, joined */
    static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (out.indexOf(message) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(message);
            }
        }
        return out.toString();
    }

    /** @return the extensions by kind and type */
    public ExtensionRegistry registry() {
        return registry;
    }

    /** @return the directory plugins are loaded from */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /** @return the loaded plugins (including those still unloading), by id */
    public List<LoadedPlugin> plugins() {
        return plugins.values().stream().sorted(Comparator.comparing(LoadedPlugin::id)).toList();
    }

    /** @return a loaded plugin */
    public Optional<LoadedPlugin> plugin(String id) {
        return Optional.ofNullable(id == null ? null : plugins.get(id));
    }

    /** @return the run-time operations on plugins, for the admin API */
    public PluginControl control() {
        return control;
    }

    RecordingPluginManager manager() {
        return manager;
    }

    void added(LoadedPlugin plugin) {
        plugins.put(plugin.id(), plugin);
    }

    void removed(LoadedPlugin plugin) {
        plugins.remove(plugin.id(), plugin);
    }

    /** Stops and unloads the plugins; a plugin failing to stop is logged and does not stop the others. */
    public void stop() {
        control.shutdown();
        try {
            // unloadPlugins stops each plugin first, and iterates over a copy (stopPlugins does not).
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            LOG.warn("stopping plugins failed", e);
        }
    }
}
