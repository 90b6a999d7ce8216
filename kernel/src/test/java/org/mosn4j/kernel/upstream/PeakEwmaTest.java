package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeakEwmaTest {

    private static final long MS = 1_000_000L;

    @Test
    void aSlowerSampleReplacesTheAverageAtOnce() {
        PeakEwma ewma = new PeakEwma();
        assertFalse(ewma.sampled());
        ewma.record(10 * MS, true, 0);
        assertTrue(ewma.sampled());
        assertEquals(10 * MS, ewma.value(0), 1);
        ewma.record(500 * MS, true, 1 * MS);
        assertEquals(500 * MS, ewma.value(1 * MS), 1);
    }

    @Test
    void fasterSamplesPullItDownByTheTimeBetweenThem() {
        PeakEwma ewma = new PeakEwma();
        ewma.record(100 * MS, true, 0);
        ewma.record(10 * MS, true, 1 * MS);
        assertTrue(ewma.value(1 * MS) > 99 * MS, "a millisecond later a fast sample counts for little");
        ewma.record(10 * MS, true, PeakEwma.DECAY_NANOS * 5);
        assertTrue(ewma.value(PeakEwma.DECAY_NANOS * 5) < 11 * MS, "after five decay times it counts for nearly all");
    }

    @Test
    void itDecaysWithoutSamplesAndFailuresNeverLowerIt() {
        PeakEwma ewma = new PeakEwma();
        ewma.record(100 * MS, true, 0);
        assertEquals(100 * MS / Math.E, ewma.value(PeakEwma.DECAY_NANOS), MS);
        ewma.record(1, false, 1);
        assertEquals(100 * MS, ewma.value(1), MS);
    }
}
