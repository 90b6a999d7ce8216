package org.mosn4j.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.FilterConfig.OnPluginDisabled;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.mosn4j.spi.upstream.ClusterManager;

class GatedStreamFilterInstallerTest {

    private static final StreamFilterInstaller STAMP = chain -> {
        chain.addReceiverFilter(new StampFilterFactory.RequestStamp("a"), FilterPhase.AFTER_ROUTE);
        chain.addSenderFilter(new StampFilterFactory.ResponseStamp("a"));
    };

    private final LoadedPlugin plugin = new LoadedPlugin("stamp-plugin", "1.0.0", "", Path.of("/plugins/stamp.jar"), Map.of());

    private record Context(String listenerName, String configPath, ClusterManager clusterManager)
            implements StreamFilterContext {
    }

    private GatedStreamFilterInstaller gated(StreamFilterInstaller installer, OnPluginDisabled fallback) {
        return new GatedStreamFilterInstaller("stamp", JsonNodeFactory.instance.objectNode(),
                new Context("l", "servers[0].listeners[0].stream_filters[0].config", null), fallback, installer, plugin);
    }

    @Test
    void enabledPluginFiltersAreInstalledAndCountedUntilTheStreamEnds() {
        GatedStreamFilterInstaller installer = gated(STAMP, OnPluginDisabled.REJECT);
        RecordingChain first = new RecordingChain();
        RecordingChain second = new RecordingChain();
        installer.install(first);
        installer.install(second);
        assertEquals(1, first.receivers.size());
        assertEquals(FilterPhase.AFTER_ROUTE, first.receivers.get(0).phase());
        assertInstanceOf(GatedReceiverFilter.class, first.receivers.get(0).filter());
        assertInstanceOf(GatedSenderFilter.class, first.senders.get(0));
        assertEquals(4, plugin.liveFilters());
        first.destroy();
        assertEquals(2, plugin.liveFilters());
        first.destroy();
        assertEquals(2, plugin.liveFilters(), "a second onDestroy does not count twice");
        second.destroy();
        assertEquals(0, plugin.liveFilters());
    }

    @Test
    void disabledPluginGivesRejectOrNothingAndExistingStreamsKeepTheirFilters() {
        GatedStreamFilterInstaller reject = gated(STAMP, OnPluginDisabled.REJECT);
        GatedStreamFilterInstaller skip = gated(STAMP, OnPluginDisabled.SKIP);
        RecordingChain before = new RecordingChain();
        reject.install(before);
        plugin.gate().setEnabled(false);

        RecordingChain rejected = new RecordingChain();
        reject.install(rejected);
        assertEquals(1, rejected.receivers.size());
        assertEquals(FilterPhase.BEFORE_ROUTE, rejected.receivers.get(0).phase());
        assertInstanceOf(FilterUnavailableFilter.class, rejected.receivers.get(0).filter());
        assertTrue(rejected.senders.isEmpty());

        RecordingChain skipped = new RecordingChain();
        skip.install(skipped);
        assertTrue(skipped.receivers.isEmpty() && skipped.senders.isEmpty());

        assertEquals(2, plugin.liveFilters(), "the stream that had the filters keeps them");
        plugin.gate().setEnabled(true);
        RecordingChain after = new RecordingChain();
        skip.install(after);
        assertInstanceOf(GatedReceiverFilter.class, after.receivers.get(0).filter());
        before.destroy();
        after.destroy();
        assertEquals(0, plugin.liveFilters());
    }

    @Test
    void anInstallerAddingNothingLeavesNothingCounted() {
        gated(chain -> { }, OnPluginDisabled.REJECT).install(new RecordingChain());
        assertEquals(0, plugin.liveFilters());
    }

    @Test
    void aThrowingInstallerLeavesOnlyTheFiltersItAddedCounted() {
        GatedStreamFilterInstaller installer = gated(chain -> {
            chain.addReceiverFilter(new StampFilterFactory.RequestStamp("a"), FilterPhase.BEFORE_ROUTE);
            throw new IllegalStateException("broken plugin");
        }, OnPluginDisabled.REJECT);
        RecordingChain chain = new RecordingChain();
        assertThrows(IllegalStateException.class, () -> installer.install(chain));
        assertEquals(1, chain.receivers.size());
        assertEquals(1, plugin.liveFilters());
        chain.destroy();
        assertEquals(0, plugin.liveFilters());
        assertThrows(IllegalStateException.class, () -> gated(c -> {
            throw new IllegalStateException("broken before adding anything");
        }, OnPluginDisabled.REJECT).install(new RecordingChain()));
        assertEquals(0, plugin.liveFilters());
    }

    @Test
    void aFilterThrowingInOnDestroyIsStillUncounted() {
        StreamReceiverFilter throwing = new StreamReceiverFilter() {
            @Override
            public void init(StreamReceiverFilterHandler handler) {
            }

            @Override
            public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
                return StreamFilterStatus.CONTINUE;
            }

            @Override
            public void onDestroy() {
                throw new IllegalStateException("broken onDestroy");
            }
        };
        RecordingChain chain = new RecordingChain();
        gated(c -> c.addReceiverFilter(throwing, FilterPhase.BEFORE_ROUTE), OnPluginDisabled.REJECT).install(chain);
        assertEquals(1, plugin.liveFilters());
        assertThrows(IllegalStateException.class, chain::destroy);
        assertEquals(0, plugin.liveFilters());
    }

    @Test
    void anUnloadedPluginGivesTheFallbackUntilAnotherIsBound() {
        GatedStreamFilterInstaller installer = gated(STAMP, OnPluginDisabled.REJECT);
        assertTrue(plugin.gate().beginUnload().isDone());
        installer.unbind();
        plugin.gate().markUnloaded();
        RecordingChain chain = new RecordingChain();
        installer.install(chain);
        assertInstanceOf(FilterUnavailableFilter.class, chain.receivers.get(0).filter());

        LoadedPlugin reloaded = new LoadedPlugin("stamp-plugin", "1.0.1", "", Path.of("/plugins/stamp2.jar"), Map.of());
        installer.bind(STAMP, reloaded);
        RecordingChain next = new RecordingChain();
        installer.install(next);
        assertInstanceOf(GatedReceiverFilter.class, next.receivers.get(0).filter());
        assertEquals(2, reloaded.liveFilters());
        assertEquals(0, plugin.liveFilters());
        next.destroy();
        assertEquals(0, reloaded.liveFilters());
    }
}
