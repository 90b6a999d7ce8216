package org.mosn4j.kernel.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.kernel.config.FilterConfig.OnPluginDisabled;
import org.mosn4j.kernel.proxy.TypedStreamFilterInstaller;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterChain;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;

/**
 * One {@code stream_filters[]} entry whose type a plugin provides. For each new stream it installs the plugin's
 * filters while the plugin is enabled, counting them in the plugin's {@link PluginGate}; otherwise it installs
 * the entry's {@code on_plugin_disabled} fallback. It keeps the entry's config so that a plugin loaded again
 * at run time can be configured in the unloaded one's place.
 *
 * <p>An installer or filter of the plugin that throws is the stream's to report, as for any filter; the counts
 * stay right (the filters added before the failure are counted and destroyed with the stream).
 *
 * <p>Threading: {@link #install} runs on any event loop; the plugin admin thread rebinds. The binding is one
 * volatile field, so a stream sees either the old plugin or the new one, never a mix.
 */
final class GatedStreamFilterInstaller implements TypedStreamFilterInstaller {

    /** The plugin's configured installer, or null once that plugin is unloaded. */
    private record Binding(StreamFilterInstaller installer, LoadedPlugin plugin) {
    }

    private final String type;
    private final JsonNode config;
    private final StreamFilterContext context;
    private final OnPluginDisabled onPluginDisabled;
    private volatile Binding binding;

    GatedStreamFilterInstaller(String type, JsonNode config, StreamFilterContext context,
            OnPluginDisabled onPluginDisabled, StreamFilterInstaller installer, LoadedPlugin plugin) {
        this.type = type;
        this.config = config;
        this.context = context;
        this.onPluginDisabled = onPluginDisabled;
        this.binding = new Binding(installer, plugin);
    }

    @Override
    public void install(StreamFilterChain chain) {
        Binding current = binding;
        PluginGate gate = current.plugin().gate();
        if (!gate.tryRetain()) {
            fallback(chain, current.plugin());
            return;
        }
        GatedFilterChain gated = new GatedFilterChain(chain, gate);
        try {
            current.installer().install(gated);
        } finally {
            gated.close();
        }
    }

    private void fallback(StreamFilterChain chain, LoadedPlugin plugin) {
        if (onPluginDisabled == OnPluginDisabled.REJECT) {
            chain.addReceiverFilter(new FilterUnavailableFilter(type, reason(plugin)), FilterPhase.BEFORE_ROUTE);
        }
    }

    private static String reason(LoadedPlugin plugin) {
        return switch (plugin.status()) {
            case DISABLED -> "plugin " + plugin.id() + " is disabled";
            case UNLOADING -> "plugin " + plugin.id() + " is being unloaded";
            default -> "plugin " + plugin.id() + " was unloaded";
        };
    }

    /** @return the filter type */
    @Override
    public String type() {
        return type;
    }

    /** @return the plugin it is bound to (after an unload: the unloaded one) */
    LoadedPlugin plugin() {
        return binding.plugin();
    }

    /**
     * Admin thread: configures this entry with another plugin's factory, without binding it yet.
     *
     * @return the new installer
     * @throws ConfigException when the factory rejects the entry's config
     */
    StreamFilterInstaller configure(StreamFilterFactory factory) throws ConfigException {
        return ExtensionRegistry.configure(factory, type, config, context);
    }

    /** Admin thread: new streams get {@code installer}'s filters, counted by {@code plugin}. */
    void bind(StreamFilterInstaller installer, LoadedPlugin plugin) {
        binding = new Binding(installer, plugin);
    }

    /** Admin thread: the plugin is unloaded; drops the installer so that its classes can go. */
    void unbind() {
        binding = new Binding(null, binding.plugin());
    }
}
