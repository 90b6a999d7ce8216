package org.mosn4j.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatKindTest {

    @ParameterizedTest
    @CsvSource({
            "connection_active, GAUGE",
            "request_active, GAUGE",
            "outlier_ejections_active, GAUGE",
            "cb_open, GAUGE",
            "cb_remaining_requests, GAUGE",
            "healthy, GAUGE",
            "request_total, COUNTER",
            "connection_destroy, COUNTER",
            "request_pending_overflow, COUNTER",
            "health_check_success, COUNTER",
            "lb_panic, COUNTER",
            "unhealthy, COUNTER",
            "healthy_total, COUNTER",
            "not_cb_open, COUNTER",
            "request_2xx_total, COUNTER"})
    void gaugesAreTheActiveCircuitBreakerAndHealthyKeys(String key, StatKind kind) {
        assertEquals(kind, StatKind.of(key));
    }
}
