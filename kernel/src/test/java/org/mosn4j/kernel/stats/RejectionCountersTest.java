package org.mosn4j.kernel.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.metrics.StatKind;
import org.mosn4j.spi.protocol.ProtocolRejection;

class RejectionCountersTest {

    @Test
    void eachRejectionHasItsOwnCounterKey() {
        RejectionCounters counters = new RejectionCounters();
        counters.rejected(ProtocolRejection.HEADERS_TOO_LARGE);
        counters.rejected(ProtocolRejection.HEADERS_TOO_LARGE);
        counters.rejected(ProtocolRejection.FLOOD);
        Map<String, Long> view = new TreeMap<>();
        counters.addView(view);

        assertEquals(ProtocolRejection.values().length, view.size());
        assertEquals(2L, view.get("request_rejected_431"));
        assertEquals(1L, view.get("http2_flood_rejected"));
        assertEquals(0L, view.get("request_rejected_400"));
        assertEquals(0L, view.get("http2_stream_refused"));
        assertEquals(0L, view.get("dubbo_frame_too_large"));
        Set<String> keys = new HashSet<>();
        for (ProtocolRejection rejection : ProtocolRejection.values()) {
            keys.add(RejectionCounters.key(rejection));
            assertEquals(StatKind.COUNTER, StatKind.of(RejectionCounters.key(rejection)));
        }
        assertEquals(view.keySet(), keys);
    }
}
