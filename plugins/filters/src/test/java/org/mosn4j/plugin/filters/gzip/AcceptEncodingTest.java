package org.mosn4j.plugin.filters.gzip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptEncodingTest {

    private static boolean gzip(String... values) {
        return AcceptEncoding.acceptsGzip(List.of(values));
    }

    @Test
    void gzipIsTakenWhenListedOrCoveredByAStar() {
        assertTrue(gzip("gzip"));
        assertTrue(gzip("GZIP"));
        assertTrue(gzip("deflate, gzip;q=0.5"));
        assertTrue(gzip("x-gzip"));
        assertTrue(gzip("*"));
        assertTrue(gzip("br", "gzip"));
        assertTrue(gzip("gzip;q=0.8, identity;q=0.5"));
        assertTrue(gzip("gzip ; q=1.0"));
    }

    @Test
    void gzipIsNotTakenWhenAbsentRefusedOrLessWantedThanIdentity() {
        assertFalse(gzip());
        assertFalse(gzip(""));
        assertFalse(gzip("identity"));
        assertFalse(gzip("br, deflate"));
        assertFalse(gzip("gzip;q=0"));
        assertFalse(gzip("*;q=0"));
        assertFalse(gzip("*, gzip;q=0"));
        assertFalse(gzip("gzip;q=0.4, identity;q=0.9"));
        assertFalse(gzip("gzip;q=abc"));
        assertFalse(gzip("gzip;q=2"));
    }
}
