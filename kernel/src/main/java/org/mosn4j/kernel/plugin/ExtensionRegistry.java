package org.mosn4j.kernel.plugin;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.config.ConfigException;

/**
 * Every extension the process has, by kind and type string, with where each came from. Immutable once built;
 * safe to read from any thread.
 */
public final class ExtensionRegistry {

    /** Where an extension came from: a plugin id, or {@link #KERNEL}. */
    public static final String KERNEL = "kernel";

    private final Map<ExtensionKind, Map<String, Registered>> byKind = new EnumMap<>(ExtensionKind.class);
    private final String pluginsLocation;

    /** One extension and its origin. */
    public record Registered(TypedExtension extension, String origin) {
    }

    ExtensionRegistry(String pluginsLocation) {
        this.pluginsLocation = pluginsLocation;
        for (ExtensionKind kind : ExtensionKind.values()) {
            byKind.put(kind, new LinkedHashMap<>());
        }
    }

    void add(ExtensionKind kind, TypedExtension extension, String origin) throws PluginLoadException {
        String type = extension.type();
        if (type == null || type.isEmpty()) {
            throw new PluginLoadException(origin + ": " + kind.displayName() + " " + extension.getClass().getName()
                    + " has an empty type string");
        }
        Registered existing = byKind.get(kind).putIfAbsent(type, new Registered(extension, origin));
        if (existing != null) {
            throw new PluginLoadException("two plugins provide " + kind.displayName() + " type \"" + type + "\": "
                    + describe(existing) + " and " + describe(new Registered(extension, origin))
                    + "; remove one of them from " + pluginsLocation);
        }
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
    public <T extends TypedExtension> Optional<T> find(ExtensionKind kind, String type) {
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
        Optional<T> found = find(kind, type);
        if (found.isPresent()) {
            return found.get();
        }
        Set<String> installed = types(kind);
        throw new ConfigException(path, "no plugin provides " + kind.displayName() + " type \"" + type
                + "\" (installed: " + (installed.isEmpty() ? "none" : String.join(", ", installed))
                + "); put its plugin jar in " + pluginsLocation);
    }

    /** @return the plugins directory, for messages */
    public String pluginsLocation() {
        return pluginsLocation;
    }

    /** @return the installed type strings of a kind, sorted */
    public Set<String> types(ExtensionKind kind) {
        return new TreeSet<>(byKind.get(kind).keySet());
    }

    /** @return every extension of every kind, for the admin API */
    public Map<ExtensionKind, Map<String, Registered>> all() {
        Map<ExtensionKind, Map<String, Registered>> copy = new EnumMap<>(ExtensionKind.class);
        byKind.forEach((kind, map) -> copy.put(kind, Map.copyOf(map)));
        return copy;
    }

    private static String describe(Registered registered) {
        return registered.extension().getClass().getName() + " (from " + registered.origin() + ")";
    }
}
