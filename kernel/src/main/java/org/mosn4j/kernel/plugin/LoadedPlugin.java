package org.mosn4j.kernel.plugin;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mosn4j.spi.TypedExtension;

/**
 * A plugin jar loaded and started by PF4J, with the extensions it provides and its {@link PluginGate}.
 * Immutable but for the gate; safe to read from any thread.
 */
public final class LoadedPlugin {

    private final String id;
    private final String version;
    private final String description;
    private final Path jar;
    private final Map<ExtensionKind, List<TypedExtension>> extensions;
    private final PluginGate gate = new PluginGate();

    LoadedPlugin(String id, String version, String description, Path jar,
            Map<ExtensionKind, List<TypedExtension>> extensions) {
        this.id = id;
        this.version = version;
        this.description = description;
        this.jar = jar;
        Map<ExtensionKind, List<TypedExtension>> copy = new EnumMap<>(ExtensionKind.class);
        extensions.forEach((kind, list) -> copy.put(kind, List.copyOf(list)));
        this.extensions = copy;
    }

    /** @return the {@code Plugin-Id} */
    public String id() {
        return id;
    }

    /** @return the {@code Plugin-Version} */
    public String version() {
        return version;
    }

    /** @return the {@code Plugin-Description}, possibly empty */
    public String description() {
        return description == null ? "" : description;
    }

    /** @return the jar's absolute path */
    public Path jar() {
        return jar;
    }

    /** @return what new streams get from this plugin */
    public PluginStatus status() {
        return gate.status();
    }

    /** @return how many of its stream filter instances live streams hold */
    public long liveFilters() {
        return gate.liveFilters();
    }

    /** @return the type strings it provides, by kind, sorted; kinds it provides none of are absent */
    public Map<ExtensionKind, List<String>> types() {
        Map<ExtensionKind, List<String>> out = new EnumMap<>(ExtensionKind.class);
        extensions.forEach((kind, list) -> {
            if (!list.isEmpty()) {
                out.put(kind, List.copyOf(list.stream().map(TypedExtension::type).collect(Collectors.toCollection(TreeSet::new))));
            }
        });
        return out;
    }

    /**
     * Whether the plugin can be disabled and unloaded at run time: only when it provides no protocol and no
     * network filter, since those are held by connections for as long as they live.
     *
     * @return true for a plugin of stream filters (or of nothing the kernel uses)
     */
    public boolean manageable() {
        return extensions.getOrDefault(ExtensionKind.PROTOCOL, List.of()).isEmpty()
                && extensions.getOrDefault(ExtensionKind.NETWORK_FILTER, List.of()).isEmpty();
    }

    /** @return how messages name it: {@code id@version (file.jar)} */
    public String label() {
        return id + "@" + version + " (" + jar.getFileName() + ")";
    }

    Map<ExtensionKind, List<TypedExtension>> extensions() {
        return extensions;
    }

    PluginGate gate() {
        return gate;
    }
}
