package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.Http2Settings;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

class H2cUpgradeTest {

    @Test
    void decodesTheClientsSettingsWithOrWithoutPadding() {
        // MAX_CONCURRENT_STREAMS 100, INITIAL_WINDOW_SIZE 65535
        Http2Settings settings = H2cUpgrade.decode("AAMAAABkAAQAAP__");
        assertEquals(100L, settings.maxConcurrentStreams());
        assertEquals(65535, settings.initialWindowSize());
        assertEquals(100L, H2cUpgrade.decode("AAMAAABk").maxConcurrentStreams());
        assertTrue(H2cUpgrade.decode("").isEmpty(), "an empty payload is valid: no settings");
    }

    @Test
    void ignoresUnknownSettingsAndRejectsMalformedOnes() {
        assertTrue(H2cUpgrade.decode("AAoAAAAB").isEmpty(), "setting 10 is unknown and ignored");
        assertNull(H2cUpgrade.decode("AAMAAAB"), "not whole 6-byte settings");
        assertNull(H2cUpgrade.decode("!!!"), "not base64url");
        assertNull(H2cUpgrade.decode("AAIAAAAC"), "ENABLE_PUSH 2 is not a valid value");
    }

    @Test
    void acceptsOnlyH2cWithExactlyOneValidSettingsHeader() {
        HeaderMap request = new DefaultHeaderMap(4);
        request.add("http2-settings", "AAMAAABk");
        assertTrue(H2cUpgrade.accepts("h2c", request));
        assertTrue(H2cUpgrade.accepts("H2C", request));
        assertFalse(H2cUpgrade.accepts("h2", request), "h2 is HTTP/2 over TLS, never upgraded to");
        assertFalse(H2cUpgrade.accepts("h2c", new DefaultHeaderMap(1)));
        request.add("http2-settings", "AAMAAABk");
        assertFalse(H2cUpgrade.accepts("h2c", request), "RFC 7540 3.2.1: not more than one");
    }
}
