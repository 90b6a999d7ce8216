package org.mosn4j.kernel.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.upstream.health.HostHealth.Change;

/** The threshold state machine: consecutive results, resets, and the transitions it reports. */
class HostHealthTest {

    @Test
    void startsHealthyAndNeedsUnhealthyThresholdConsecutiveFailures() {
        HostHealth health = new HostHealth(2, 3);
        assertTrue(health.healthy());
        assertEquals(Change.NONE, health.failed());
        assertEquals(Change.NONE, health.failed());
        assertTrue(health.healthy());
        assertEquals(Change.BECAME_UNHEALTHY, health.failed());
        assertFalse(health.healthy());
        assertEquals(Change.NONE, health.failed(), "an unhealthy host does not become unhealthy again");
    }

    @Test
    void aPassBetweenFailuresResetsTheCount() {
        HostHealth health = new HostHealth(1, 2);
        assertEquals(Change.NONE, health.failed());
        assertEquals(Change.NONE, health.passed());
        assertEquals(Change.NONE, health.failed());
        assertTrue(health.healthy(), "two failures, but not in a row");
        assertEquals(Change.BECAME_UNHEALTHY, health.failed());
    }

    @Test
    void needsHealthyThresholdConsecutivePassesToReturn() {
        HostHealth health = new HostHealth(3, 1);
        assertEquals(Change.BECAME_UNHEALTHY, health.failed());
        assertEquals(Change.NONE, health.passed());
        assertEquals(Change.NONE, health.passed());
        assertEquals(Change.NONE, health.failed(), "a failure resets the passes");
        assertEquals(Change.NONE, health.passed());
        assertEquals(Change.NONE, health.passed());
        assertFalse(health.healthy());
        assertEquals(Change.BECAME_HEALTHY, health.passed());
        assertTrue(health.healthy());
        assertEquals(Change.NONE, health.passed());
    }

    @Test
    void thresholdsOfOneFlipOnEveryChange() {
        HostHealth health = new HostHealth(1, 1);
        assertEquals(Change.NONE, health.passed());
        assertEquals(Change.BECAME_UNHEALTHY, health.failed());
        assertEquals(Change.BECAME_HEALTHY, health.passed());
    }

    @Test
    void rejectsThresholdsBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new HostHealth(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new HostHealth(1, 0));
    }
}
