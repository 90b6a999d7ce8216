package org.mosn4j.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.FilterConfig;
import org.mosn4j.kernel.proxy.TypedStreamFilterInstaller;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.mosn4j.spi.upstream.ClusterManager;

class ExtensionRegistryTest {

    private static final String PATH = "servers[0].listeners[0].stream_filters[0]";

    private record Context(String listenerName, String configPath, ClusterManager clusterManager)
            implements StreamFilterContext {
    }

    /** A factory whose configure throws, as a broken plugin's may. */
    private static final class Throwing implements StreamFilterFactory {
        @Override
        public String type() {
            return "throwing";
        }

        @Override
        public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) {
            throw new IllegalStateException("boom");
        }
    }

    private final ExtensionRegistry registry = new ExtensionRegistry("/plugins");

    private StreamFilterInstaller configure(String type) throws ConfigException {
        return registry.configureStreamFilter(new FilterConfig(type, JsonNodeFactory.instance.objectNode().put("value", "v"), null),
                new Context("l", PATH + ".config", null), PATH);
    }

    @Test
    void kernelFiltersAreNamedAndPluginFiltersGated() throws Exception {
        registry.add(ExtensionKind.STREAM_FILTER, new AnyStampFilterFactory(), ExtensionRegistry.KERNEL, null);
        TypedStreamFilterInstaller kernel = assertInstanceOf(TypedStreamFilterInstaller.class, configure("stamp"));
        assertEquals("stamp", kernel.type());

        ExtensionRegistry plugins = new ExtensionRegistry("/plugins");
        LoadedPlugin plugin = new LoadedPlugin("stamp", "1", "", Path.of("/plugins/stamp.jar"),
                Map.<ExtensionKind, List<TypedExtension>>of(ExtensionKind.STREAM_FILTER, List.of(new StampFilterFactory())));
        plugins.addAll(plugin);
        StreamFilterInstaller gated = plugins.configureStreamFilter(new FilterConfig("stamp",
                JsonNodeFactory.instance.objectNode().put("value", "v"), FilterConfig.OnPluginDisabled.SKIP),
                new Context("l", PATH + ".config", null), PATH);
        assertEquals("stamp", assertInstanceOf(GatedStreamFilterInstaller.class, gated).type());
        assertEquals(List.of(gated), plugins.pluginStreamFilters(plugin));
        assertEquals(List.of(gated), plugins.pluginStreamFilters("stamp"));
    }

    @Test
    void aFactoryThatThrowsIsAConfigErrorAtItsEntry() throws Exception {
        registry.add(ExtensionKind.STREAM_FILTER, new Throwing(), ExtensionRegistry.KERNEL, null);
        ConfigException e = assertThrows(ConfigException.class, () -> configure("throwing"));
        assertEquals(PATH + ".config", e.path());
        assertEquals("stream filter \"throwing\" failed to configure: java.lang.IllegalStateException: boom", e.problem());
    }

    @Test
    void anUnknownTypeIsTheMissingPluginError() {
        ConfigException e = assertThrows(ConfigException.class, () -> configure("nope"));
        assertEquals(PATH + ".type", e.path());
        assertEquals("no plugin provides stream filter type \"nope\" (installed: none); put its plugin jar in /plugins",
                e.problem());
    }
}
