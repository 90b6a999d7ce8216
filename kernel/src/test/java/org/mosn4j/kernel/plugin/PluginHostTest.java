package org.mosn4j.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.stream.StreamFilterFactory;

class PluginHostTest {

    @TempDir
    Path plugins;

    @Test
    void aPluginJarsExtensionsAreRegisteredFromItsOwnClassLoader() throws Exception {
        TestPluginJar.plugin("stamp").version("2.1.0").extension(StampFilterFactory.class).writeTo(plugins, "stamp.jar");
        TestPluginJar.plugin("discard").extension(DiscardFilterFactory.class).writeTo(plugins, "discard.jar");
        PluginHost host = PluginHost.load(plugins);
        try {
            StreamFilterFactory stamp = host.registry().<StreamFilterFactory>find(ExtensionKind.STREAM_FILTER, "stamp").orElseThrow();
            assertNotSame(StampFilterFactory.class.getClassLoader(), stamp.getClass().getClassLoader());
            assertEquals("stamp@2.1.0 (stamp.jar)", host.registry().all().get(ExtensionKind.STREAM_FILTER).get("stamp").origin());
            assertTrue(host.registry().types(ExtensionKind.NETWORK_FILTER).contains("test_discard"));
            assertEquals(List.of("discard", "stamp"), host.plugins().stream().map(LoadedPlugin::id).toList());
            LoadedPlugin plugin = host.plugin("stamp").orElseThrow();
            assertEquals(Map.of(ExtensionKind.STREAM_FILTER, List.of("stamp")), plugin.types());
            assertEquals(plugins.resolve("stamp.jar").toAbsolutePath(), plugin.jar());
            assertEquals(PluginStatus.ENABLED, plugin.status());
            assertTrue(plugin.manageable());
            assertFalse(host.plugin("discard").orElseThrow().manageable());
            assertTrue(host.registry().kernelTypes(ExtensionKind.NETWORK_FILTER).contains("proxy"));
            assertFalse(host.registry().kernelTypes(ExtensionKind.NETWORK_FILTER).contains("test_discard"));
        } finally {
            host.stop();
        }
    }

    @Test
    void aJarWithoutPluginManifestStopsStartupNamingTheJar() throws Exception {
        TestPluginJar.plugin("x").extension(StampFilterFactory.class).withoutManifest().writeTo(plugins, "plain.jar");
        String message = assertThrows(PluginLoadException.class, () -> PluginHost.load(plugins)).getMessage();
        assertTrue(message.startsWith("plain.jar: not a loadable plugin: "), message);
        assertTrue(message.contains("Plugin-Id and Plugin-Version"), message);
    }

    @Test
    void aJarWithoutExtensionIndexStopsStartupNamingTheJar() throws Exception {
        TestPluginJar.plugin("noindex").extension(StampFilterFactory.class).withoutIndex().writeTo(plugins, "noindex.jar");
        String message = assertThrows(PluginLoadException.class, () -> PluginHost.load(plugins)).getMessage();
        assertTrue(message.startsWith("noindex.jar (plugin noindex): no META-INF/extensions.idx in the jar; "), message);
        assertTrue(message.contains("org.pf4j.processor.ExtensionAnnotationProcessor"), message);
    }

    @Test
    void anIndexedClassMissingFromTheJarStopsStartupNamingIt() throws Exception {
        TestPluginJar.plugin("missing").extension(StampFilterFactory.class).indexLine("com.example.GoneFilterFactory")
                .writeTo(plugins, "missing.jar");
        String message = assertThrows(PluginLoadException.class, () -> PluginHost.load(plugins)).getMessage();
        assertEquals("missing.jar (plugin missing): META-INF/extensions.idx lists com.example.GoneFilterFactory, "
                + "which is not in the jar", message);
    }

    @Test
    void aPluginBundlingItsOwnSpiIsToldToMarkItProvided() throws Exception {
        TestPluginJar.plugin("bundled").extension(StampFilterFactory.class).bundle(StreamFilterFactory.class)
                .bundle(TypedExtension.class).writeTo(plugins, "bundled.jar");
        String message = assertThrows(PluginLoadException.class, () -> PluginHost.load(plugins)).getMessage();
        assertTrue(message.startsWith("bundled.jar (plugin bundled): " + StampFilterFactory.class.getName()
                + " implements the plugin's own copy of org.mosn4j.spi.stream.StreamFilterFactory; "), message);
        assertTrue(message.contains("<scope>provided</scope>"), message);
    }

    @Test
    void everyBrokenJarIsReportedAtOnce() throws Exception {
        TestPluginJar.plugin("a").extension(StampFilterFactory.class).withoutIndex().writeTo(plugins, "a.jar");
        TestPluginJar.plugin("b").withoutManifest().writeTo(plugins, "b.jar");
        String message = assertThrows(PluginLoadException.class, () -> PluginHost.load(plugins)).getMessage();
        assertTrue(message.startsWith("2 plugin problems in " + plugins.toAbsolutePath().normalize() + ":\n  "), message);
        assertTrue(message.contains("\n  a.jar (plugin a): no META-INF/extensions.idx"), message);
        assertTrue(message.contains("\n  b.jar: not a loadable plugin: "), message);
    }

    @Test
    void twoPluginsClaimingOneTypeAreNamedBoth() throws Exception {
        TestPluginJar.plugin("one").extension(StampFilterFactory.class).writeTo(plugins, "one.jar");
        TestPluginJar.plugin("two").extension(StampFilterFactory.class).writeTo(plugins, "two.jar");
        String message = assertThrows(PluginLoadException.class, () -> PluginHost.load(plugins)).getMessage();
        assertTrue(message.startsWith("two plugins provide stream filter type \"stamp\": "), message);
        assertTrue(message.contains("(from one@1.0.0 (one.jar))") && message.contains("(from two@1.0.0 (two.jar))"), message);
    }
}
