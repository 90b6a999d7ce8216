package org.mosn4j.kernel.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mosn4j.spi.TypedExtension;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugin jars of one directory with PF4J and builds the {@link ExtensionRegistry} from them and
 * from the extensions on the kernel's own classpath (the built-in {@code proxy} and
 * {@code connection_manager} filters, and any plugin put on the classpath, as tests do).
 */
public final class PluginHost {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path pluginsDir;
    private final PluginManager pluginManager;
    private final ExtensionRegistry registry;

    private PluginHost(Path pluginsDir, PluginManager pluginManager, ExtensionRegistry registry) {
        this.pluginsDir = pluginsDir;
        this.pluginManager = pluginManager;
        this.registry = registry;
    }

    /**
     * Loads and starts every plugin in {@code pluginsDir}.
     *
     * @param pluginsDir the directory; a missing directory means no plugins
     * @return the host
     * @throws PluginLoadException when a plugin fails to start or two extensions claim one type
     */
    public static PluginHost load(Path pluginsDir) throws PluginLoadException {
        Path dir = pluginsDir.toAbsolutePath().normalize();
        PluginManager manager = new DefaultPluginManager(dir);
        if (Files.isDirectory(dir)) {
            manager.loadPlugins();
            manager.startPlugins();
        } else {
            LOG.warn("plugins directory {} does not exist; only built-in extensions are available", dir);
        }
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() != PluginState.STARTED) {
                Throwable cause = plugin.getFailedException();
                throw new PluginLoadException("plugin " + plugin.getPluginId() + " (" + plugin.getPluginPath()
                        + ") failed to start: " + (cause == null ? plugin.getPluginState() : cause), cause);
            }
        }
        ExtensionRegistry registry = new ExtensionRegistry(dir.toString());
        for (ExtensionKind kind : ExtensionKind.all()) {
            register(registry, kind, manager.getExtensions(kind.type(), null), ExtensionRegistry.KERNEL);
            for (PluginWrapper plugin : manager.getStartedPlugins()) {
                String origin = plugin.getPluginId() + "@" + plugin.getDescriptor().getVersion()
                        + " (" + plugin.getPluginPath().getFileName() + ")";
                register(registry, kind, manager.getExtensions(kind.type(), plugin.getPluginId()), origin);
            }
        }
        for (ExtensionKind kind : ExtensionKind.all()) {
            LOG.info("{} types: {}", kind.displayName(), registry.types(kind));
        }
        return new PluginHost(dir, manager, registry);
    }

    private static void register(ExtensionRegistry registry, ExtensionKind kind,
            List<? extends TypedExtension> extensions, String origin) throws PluginLoadException {
        for (TypedExtension extension : extensions) {
            registry.add(kind, extension, origin);
        }
    }

    /** @return the extensions by kind and type */
    public ExtensionRegistry registry() {
        return registry;
    }

    /** @return the directory plugins were loaded from */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /** @return the started plugins, for the admin API */
    public List<PluginWrapper> plugins() {
        return pluginManager.getStartedPlugins();
    }

    /** Stops and unloads the plugins; a plugin failing to stop is logged and does not stop the others. */
    public void stop() {
        try {
            // unloadPlugins stops each plugin first, and iterates over a copy (stopPlugins does not).
            pluginManager.unloadPlugins();
        } catch (RuntimeException e) {
            LOG.warn("stopping plugins failed", e);
        }
    }
}
