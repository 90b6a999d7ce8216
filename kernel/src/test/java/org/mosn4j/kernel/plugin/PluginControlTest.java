package org.mosn4j.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.config.FilterConfig;
import org.mosn4j.kernel.plugin.PluginAdminException.Reason;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.mosn4j.spi.upstream.ClusterManager;

class PluginControlTest {

    private static final String PATH = "servers[0].listeners[0].stream_filters[0]";

    @TempDir
    Path plugins;

    private PluginHost host;

    private record Context(String listenerName, String configPath, ClusterManager clusterManager)
            implements StreamFilterContext {
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.stop();
        }
    }

    private PluginHost start(TestPluginJar... jars) throws Exception {
        int n = 0;
        for (TestPluginJar jar : jars) {
            jar.writeTo(plugins, "startup" + n++ + ".jar");
        }
        host = PluginHost.load(plugins);
        return host;
    }

    private StreamFilterInstaller configure(JsonNode config, FilterConfig.OnPluginDisabled fallback) throws Exception {
        return host.registry().configureStreamFilter(new FilterConfig("stamp", config, fallback),
                new Context("listener", PATH + ".config", null), PATH);
    }

    private static JsonNode stampConfig(String value) {
        return JsonNodeFactory.instance.objectNode().put("value", value);
    }

    private static RecordingChain install(StreamFilterInstaller installer) {
        RecordingChain chain = new RecordingChain();
        installer.install(chain);
        return chain;
    }

    private PluginAdminException refused(Reason reason, PluginOperation operation) {
        PluginAdminException e = assertThrows(PluginAdminException.class, operation::run);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @FunctionalInterface
    private interface PluginOperation {
        void run() throws Exception;
    }

    @Test
    void disableGivesNewStreamsTheFallbackAndEnableBringsTheFiltersBack() throws Exception {
        start(TestPluginJar.plugin("stamp").extension(StampFilterFactory.class));
        StreamFilterInstaller installer = configure(stampConfig("v1"), null);
        RecordingChain before = install(installer);
        assertInstanceOf(GatedReceiverFilter.class, before.receivers.get(0).filter());

        assertEquals(PluginStatus.DISABLED, host.control().disable("stamp").status());
        assertInstanceOf(FilterUnavailableFilter.class, install(installer).receivers.get(0).filter());
        assertEquals(2, host.plugin("stamp").orElseThrow().liveFilters(), "the earlier stream keeps its filters");

        assertEquals(PluginStatus.ENABLED, host.control().enable("stamp").status());
        assertInstanceOf(GatedReceiverFilter.class, install(installer).receivers.get(0).filter());
    }

    @Test
    void unloadWaitsForTheLastStreamHoldingAFilter() throws Exception {
        start(TestPluginJar.plugin("stamp").extension(StampFilterFactory.class));
        StreamFilterInstaller installer = configure(stampConfig("v1"), FilterConfig.OnPluginDisabled.SKIP);
        RecordingChain live = install(installer);

        PluginControl.Unload unload = host.control().unload("stamp");
        assertFalse(unload.done().isDone());
        assertEquals(PluginStatus.UNLOADING, host.plugin("stamp").orElseThrow().status());
        assertTrue(host.registry().types(ExtensionKind.STREAM_FILTER).contains("stamp"));
        RecordingChain during = install(installer);
        assertTrue(during.receivers.isEmpty() && during.senders.isEmpty(), "skip: no filter while unloading");
        assertEquals(Reason.CONFLICT, refused(Reason.CONFLICT, () -> host.control().enable("stamp")).reason());
        assertEquals(unload.done(), host.control().unload("stamp").done(), "a second unload waits for the same");

        live.destroy();
        unload.done().get(10, TimeUnit.SECONDS);
        assertTrue(host.plugin("stamp").isEmpty());
        assertFalse(host.registry().types(ExtensionKind.STREAM_FILTER).contains("stamp"));
        assertNull(host.manager().getPlugin("stamp"));
        assertEquals(PluginStatus.UNLOADED, unload.plugin().status());
        assertTrue(install(installer).receivers.isEmpty());
    }

    @Test
    void aPluginLoadedAfterAnUnloadTakesOverTheConfiguredFilters() throws Exception {
        start(TestPluginJar.plugin("stamp").extension(StampFilterFactory.class));
        StreamFilterInstaller installer = configure(stampConfig("v1"), null);
        ClassLoader first = host.registry().find(ExtensionKind.STREAM_FILTER, "stamp").orElseThrow().getClass().getClassLoader();
        install(installer).destroy();
        assertTrue(host.control().unload("stamp").done().isDone(), "nothing held the filters: unloaded at once");
        assertInstanceOf(FilterUnavailableFilter.class, install(installer).receivers.get(0).filter());

        TestPluginJar.plugin("stamp").version("2.0.0").extension(StampFilterFactory.class).writeTo(plugins, "stamp-2.jar");
        LoadedPlugin reloaded = host.control().load("stamp-2.jar");
        assertEquals("2.0.0", reloaded.version());
        assertEquals(PluginStatus.ENABLED, reloaded.status());
        assertEquals(List.of("stamp"), reloaded.types().get(ExtensionKind.STREAM_FILTER));
        RecordingChain chain = install(installer);
        assertInstanceOf(GatedReceiverFilter.class, chain.receivers.get(0).filter());
        assertEquals(2, reloaded.liveFilters());
        assertNotSame(first, host.registry().find(ExtensionKind.STREAM_FILTER, "stamp").orElseThrow().getClass().getClassLoader());
        chain.destroy();
        assertEquals(0, reloaded.liveFilters());
    }

    @Test
    void aReloadedPluginThatRejectsTheConfiguredFilterIsNotLoaded() throws Exception {
        start(TestPluginJar.plugin("any-stamp").extension(AnyStampFilterFactory.class));
        StreamFilterInstaller installer = configure(JsonNodeFactory.instance.objectNode(), null);
        assertTrue(host.control().unload("any-stamp").done().isDone());
        TestPluginJar.plugin("stamp").extension(StampFilterFactory.class).writeTo(plugins, "stamp.jar");

        String message = refused(Reason.BAD_REQUEST, () -> host.control().load("stamp.jar")).getMessage();
        assertEquals("stamp.jar (plugin stamp) does not accept the configured filter: " + PATH + ".config.value: "
                + "expected a string, got null", message);
        assertTrue(host.plugin("stamp").isEmpty());
        assertNull(host.manager().getPlugin("stamp"));
        assertFalse(host.registry().types(ExtensionKind.STREAM_FILTER).contains("stamp"));
        assertInstanceOf(FilterUnavailableFilter.class, install(installer).receivers.get(0).filter());
    }

    @Test
    void loadTakesOnlyJarsInThePluginsDirectory() throws Exception {
        start();
        Files.writeString(plugins.resolve("notes.txt"), "not a jar");
        for (String path : List.of("../stamp.jar", "/etc/passwd", "sub/../../stamp.jar", "sub/stamp.jar")) {
            String message = refused(Reason.BAD_REQUEST, () -> host.control().load(path)).getMessage();
            assertTrue(message.contains("is outside the plugins directory " + host.pluginsDir()), message);
        }
        assertTrue(refused(Reason.BAD_REQUEST, () -> host.control().load("notes.txt")).getMessage().contains("does not name a .jar file"));
        assertTrue(refused(Reason.BAD_REQUEST, () -> host.control().load("")).getMessage().contains("?path=FILE.jar"));
        assertEquals("no file nothing.jar in " + host.pluginsDir(),
                refused(Reason.NOT_FOUND, () -> host.control().load("nothing.jar")).getMessage());
    }

    @Test
    void aBrokenJarAtRunTimeIsReportedAndLeavesNothingLoaded() throws Exception {
        start();
        TestPluginJar.plugin("stamp").extension(StampFilterFactory.class).withoutIndex().writeTo(plugins, "noindex.jar");
        TestPluginJar.plugin("plain").extension(StampFilterFactory.class).withoutManifest().writeTo(plugins, "plain.jar");
        TestPluginJar.plugin("gone").extension(StampFilterFactory.class).indexLine("com.example.Gone").writeTo(plugins, "gone.jar");

        assertTrue(refused(Reason.BAD_REQUEST, () -> host.control().load("noindex.jar")).getMessage()
                .startsWith("noindex.jar (plugin stamp): no META-INF/extensions.idx in the jar"));
        assertTrue(refused(Reason.BAD_REQUEST, () -> host.control().load("plain.jar")).getMessage()
                .startsWith("plain.jar: not a loadable plugin: "));
        assertEquals("gone.jar (plugin gone): META-INF/extensions.idx lists com.example.Gone, which is not in the jar",
                refused(Reason.BAD_REQUEST, () -> host.control().load("gone.jar")).getMessage());
        assertTrue(host.plugins().isEmpty());
        assertTrue(host.manager().getPlugins().isEmpty());
        assertFalse(host.registry().types(ExtensionKind.STREAM_FILTER).contains("stamp"));

        TestPluginJar.plugin("stamp").extension(StampFilterFactory.class).writeTo(plugins, "fixed.jar");
        assertEquals("stamp", host.control().load("fixed.jar").id());
    }

    @Test
    void aSecondPluginWithTheSameIdOrTypeIsRefused() throws Exception {
        start(TestPluginJar.plugin("stamp").extension(StampFilterFactory.class));
        TestPluginJar.plugin("stamp").version("9").extension(AnyStampFilterFactory.class).writeTo(plugins, "same-id.jar");
        TestPluginJar.plugin("other").extension(AnyStampFilterFactory.class).writeTo(plugins, "same-type.jar");
        assertEquals("same-id.jar: plugin id stamp is already loaded from startup0.jar (enabled); unload it first",
                refused(Reason.CONFLICT, () -> host.control().load("same-id.jar")).getMessage());
        String message = refused(Reason.CONFLICT, () -> host.control().load("same-type.jar")).getMessage();
        assertTrue(message.startsWith("two plugins provide stream filter type \"stamp\": "), message);
        assertEquals(List.of("stamp"), host.plugins().stream().map(LoadedPlugin::id).toList());
        assertNull(host.manager().getPlugin("other"));
        assertTrue(refused(Reason.CONFLICT, () -> host.control().load("startup0.jar")).getMessage()
                .contains("startup0.jar is already loaded as plugin stamp"));
    }

    @Test
    void pluginsProvidingMoreThanStreamFiltersCannotBeSwitchedOff() throws Exception {
        start();
        TestPluginJar.plugin("discard").extension(DiscardFilterFactory.class).writeTo(plugins, "discard.jar");
        LoadedPlugin discard = host.control().load("discard.jar");
        assertFalse(discard.manageable());
        assertTrue(host.registry().types(ExtensionKind.NETWORK_FILTER).contains("test_discard"));
        String message = refused(Reason.CONFLICT, () -> host.control().disable("discard")).getMessage();
        assertTrue(message.startsWith("cannot disable plugin discard: it provides network filter test_discard, "), message);
        assertTrue(refused(Reason.CONFLICT, () -> host.control().unload("discard")).getMessage().startsWith("cannot unload"));
        assertEquals(PluginStatus.ENABLED, discard.status());
    }

    @Test
    void unknownOrMissingIdsAreNamed() throws Exception {
        start(TestPluginJar.plugin("stamp").extension(StampFilterFactory.class));
        assertEquals("no plugin nope is loaded (loaded: stamp)",
                refused(Reason.NOT_FOUND, () -> host.control().disable("nope")).getMessage());
        assertEquals("name the plugin to unload with ?id=PLUGIN_ID",
                refused(Reason.BAD_REQUEST, () -> host.control().unload(null)).getMessage());
    }
}
