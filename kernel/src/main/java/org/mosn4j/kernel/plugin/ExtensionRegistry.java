package org.mosn4j.kernel.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mosn4j.kernel.config.FilterConfig;
import org.mosn4j.kernel.proxy.TypedStreamFilterInstaller;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;

/**
 * Every extension the process has, by kind and type string, with where each came from, and the configured
 * stream filters whose plugins can be switched at run time. Plugins loaded or unloaded through the admin API
 * add and remove entries; every method is thread-safe (lookups happen while configs are built and on the
 * admin thread, never per request).
 */
public final class ExtensionRegistry {

    /** Where an extension came from: a plugin id, or {@link #KERNEL}. */
    public static final String KERNEL = "kernel";

    private final Map<ExtensionKind, Map<String, Registered>> byKind = new EnumMap<>(ExtensionKind.class);
    private final List<GatedStreamFilterInstaller> pluginStreamFilters = new CopyOnWriteArrayList<>();
    private final String pluginsLocation;

    /**
     * One extension and its origin.
     *
     * @param extension the extension
     * @param origin {@link #KERNEL}, or the plugin's label
     * @param plugin the plugin, or null for the kernel's classpath
     */
    public record Registered(TypedExtension extension, String origin, LoadedPlugin plugin) {
    }

    ExtensionRegistry(String pluginsLocation) {
        this.pluginsLocation = pluginsLocation;
        for (ExtensionKind kind : ExtensionKind.values()) {
            byKind.put(kind, new LinkedHashMap<>());
        }
    }

    synchronized void add(ExtensionKind kind, TypedExtension extension, String origin, LoadedPlugin plugin)
            throws PluginLoadException {
        String type = extension.type();
        if (type == null || type.isEmpty()) {
            throw new PluginLoadException(origin + ": " + kind.displayName() + " " + extension.getClass().getName()
                    + " has an empty type string");
        }
        Registered added = new Registered(extension, origin, plugin);
        Registered existing = byKind.get(kind).putIfAbsent(type, added);
        if (existing != null) {
            throw new PluginLoadException("two plugins provide " + kind.displayName() + " type \"" + type + "\": "
                    + describe(existing) + " and " + describe(added) + "; remove one of them from " + pluginsLocation);
        }
    }

    /**
     * Adds every extension of a plugin, or none of them when one type is taken.
     *
     * @throws PluginLoadException naming the type and both plugins
     */
    synchronized void addAll(LoadedPlugin plugin) throws PluginLoadException {
        try {
            for (var entry : plugin.extensions().entrySet()) {
                for (TypedExtension extension : entry.getValue()) {
                    add(entry.getKey(), extension, plugin.label(), plugin);
                }
            }
        } catch (PluginLoadException e) {
            removeAll(plugin);
            throw e;
        }
    }

    /** Removes every extension a plugin added. */
    synchronized void removeAll(LoadedPlugin plugin) {
        byKind.values().forEach(map -> map.values().removeIf(registered -> registered.plugin() == plugin));
    }

    /** @return the registration of a type, or null */
    synchronized Registered registered(ExtensionKind kind, String type) {
        return byKind.get(kind).get(type);
    }

    /**
     * Looks an extension up.
     *
     * @param kind the extension point
     * @param type the type string from config
     * @param <T> the SPI interface
     * @return the extension, or empty
     */
    @SuppressWarnings("unchecked")
    public synchronized <T extends TypedExtension> Optional<T> find(ExtensionKind kind, String type) {
        Registered registered = byKind.get(kind).get(type);
        return registered == null ? Optional.empty() : Optional.of((T) registered.extension());
    }

    /**
     * Looks an extension up, failing with the missing-plugin error.
     *
     * @param kind the extension point
     * @param type the type string from config
     * @param path the JSON path where the type was named
     * @param <T> the SPI interface
     * @return the extension
     * @throws ConfigException naming the type, the path, the installed types and the plugins directory
     */
    public <T extends TypedExtension> T require(ExtensionKind kind, String type, String path)
            throws ConfigException {
        return castExtension(requireRegistered(kind, type, path));
    }

    @SuppressWarnings("unchecked")
    private static <T extends TypedExtension> T castExtension(Registered registered) {
        return (T) registered.extension();
    }

    private synchronized Registered requireRegistered(ExtensionKind kind, String type,
            String path) throws ConfigException {
        Registered found = byKind.get(kind).get(type);
        if (found != null) {
            return found;
        }
        Set<String> installed = types(kind);
        throw new ConfigException(path, "no plugin provides " + kind.displayName() + " type \"" + type
                + "\" (installed: " + (installed.isEmpty() ? "none" : String.join(", ", installed))
                + "); put its plugin jar in " + pluginsLocation);
    }

    /**
     * Configures one {@code stream_filters[]} entry. When a plugin provides its type, the installer returned
     * checks per new stream whether that plugin is enabled and otherwise installs the entry's
     * {@code on_plugin_disabled} fallback; the kernel's own stream filters are returned as configured. Either way
     * the installer names its type, for the proxy's messages about failing filters.
     *
     * @param filter the entry, with a non-empty type
     * @param context where it is configured
     * @param path the entry's JSON path
     * @return the installer for the listener's streams
     * @throws ConfigException when no plugin provides the type or its factory rejects the config
     */
    public StreamFilterInstaller configureStreamFilter(FilterConfig filter, StreamFilterContext context, String path)
            throws ConfigException {
        Registered registered = requireRegistered(ExtensionKind.STREAM_FILTER, filter.type(), path + ".type");
        StreamFilterInstaller installer = configure((StreamFilterFactory) registered.extension(), filter.type(),
                filter.configOrEmpty(), context);
        if (registered.plugin() == null) {
            return TypedStreamFilterInstaller.of(filter.type(), installer);
        }
        GatedStreamFilterInstaller gated = new GatedStreamFilterInstaller(filter.type(), filter.configOrEmpty(),
                context, filter.onPluginDisabledOrDefault(), installer, registered.plugin());
        pluginStreamFilters.add(gated);
        return gated;
    }

    /**
     * Calls a factory's {@code configure}, turning anything else it throws into a config error at the entry's
     * {@code config} path, so that a broken plugin is reported like a bad config.
     */
    static StreamFilterInstaller configure(StreamFilterFactory factory, String type, JsonNode config,
            StreamFilterContext context) throws ConfigException {
        StreamFilterInstaller installer;
        try {
            installer = factory.configure(config, context);
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigException(context.configPath(), "stream filter \"" + type + "\" failed to configure: " + e);
        }
        if (installer == null) {
            throw new ConfigException(context.configPath(), "stream filter \"" + type + "\" gave no installer ("
                    + factory.getClass().getName() + ".configure returned null)");
        }
        return installer;
    }

    /** @return the configured stream filters of a type that plugins provide, in config order */
    List<GatedStreamFilterInstaller> pluginStreamFilters(String type) {
        List<GatedStreamFilterInstaller> out = new ArrayList<>();
        for (GatedStreamFilterInstaller filter : pluginStreamFilters) {
            if (filter.type().equals(type)) {
                out.add(filter);
            }
        }
        return out;
    }

    /** @return the configured stream filters bound to a plugin */
    List<GatedStreamFilterInstaller> pluginStreamFilters(LoadedPlugin plugin) {
        List<GatedStreamFilterInstaller> out = new ArrayList<>();
        for (GatedStreamFilterInstaller filter : pluginStreamFilters) {
            if (filter.plugin() == plugin) {
                out.add(filter);
            }
        }
        return out;
    }

    /** @return the plugins directory, for messages */
    public String pluginsLocation() {
        return pluginsLocation;
    }

    /** @return the installed type strings of a kind, sorted */
    public synchronized Set<String> types(ExtensionKind kind) {
        return new TreeSet<>(byKind.get(kind).keySet());
    }

    /** @return the type strings of a kind built into the kernel (or on its classpath), sorted */
    public synchronized Set<String> kernelTypes(ExtensionKind kind) {
        Set<String> out = new TreeSet<>();
        byKind.get(kind).forEach((type, registered) -> {
            if (registered.plugin() == null) {
                out.add(type);
            }
        });
        return out;
    }

    /** @return every extension of every kind */
    public synchronized Map<ExtensionKind, Map<String, Registered>> all() {
        Map<ExtensionKind, Map<String, Registered>> copy = new EnumMap<>(ExtensionKind.class);
        byKind.forEach((kind, map) -> copy.put(kind, Map.copyOf(map)));
        return copy;
    }

    private static String describe(Registered registered) {
        return registered.extension().getClass().getName() + " (from " + registered.origin() + ")";
    }
}
