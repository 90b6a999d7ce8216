package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

class CircuitBreakersTest {

    private static JsonNode json(String text) throws Exception {
        return ConfigBinder.INSTANCE.mapper().readTree(text);
    }

    private static Map<String, Long> view(CircuitBreakers breakers) {
        Map<String, Long> view = new LinkedHashMap<>();
        breakers.addView(view);
        return view;
    }

    @Test
    void eachCapAdmitsUpToItsLimitAndAgainAfterAnEnd() {
        CircuitBreakers breakers = new CircuitBreakers(0, 0, 2, 1);
        assertTrue(breakers.tryStartRequest());
        assertTrue(breakers.tryStartRequest());
        assertFalse(breakers.tryStartRequest());
        assertTrue(breakers.tryStartRetry());
        assertFalse(breakers.tryStartRetry());
        assertEquals(2, view(breakers).get("cb_requests"));
        assertEquals(1, view(breakers).get("request_overflow"));
        assertEquals(1, view(breakers).get("request_retry_overflow"));
        breakers.requestEnded();
        breakers.retryEnded();
        assertTrue(breakers.tryStartRequest());
        assertTrue(breakers.tryStartRetry());
    }

    @Test
    void unsetCapsNeverRefuseAndCountNothing() {
        CircuitBreakers breakers = new CircuitBreakers(0, 0, 0, 0);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(breakers.tryStartRequest());
            assertTrue(breakers.tryStartPending());
            assertTrue(breakers.tryStartConnection(false));
        }
        assertEquals(0, view(breakers).get("cb_requests"));
        assertFalse(breakers.any());
    }

    @Test
    void aPoolWithNoConnectionMayOpenOnePastTheCap() {
        CircuitBreakers breakers = new CircuitBreakers(1, 0, 0, 0);
        assertTrue(breakers.tryStartConnection(false));
        assertFalse(breakers.tryStartConnection(false));
        assertTrue(breakers.tryStartConnection(true));
        assertEquals(2, view(breakers).get("cb_connections"));
        assertEquals(1, view(breakers).get("connection_overflow"), "refusals only");
        breakers.connectionEnded();
        breakers.connectionEnded();
        assertTrue(breakers.tryStartConnection(false));
    }

    @Test
    void mosnListAndEnvoyThresholdsAreRead() throws Exception {
        CircuitBreakers mosn = CircuitBreakersParser.parse(json(
                "[{\"priority\": \"high\", \"max_requests\": 1}, {\"Max_Requests\": 3, \"max_retries\": 2}]"), "cb");
        assertTrue(mosn.tryStartRequest() && mosn.tryStartRequest() && mosn.tryStartRequest());
        assertFalse(mosn.tryStartRequest());
        CircuitBreakers envoy = CircuitBreakersParser.parse(json("{\"thresholds\": [{\"max_retries\": 1}]}"), "cb");
        assertTrue(envoy.tryStartRetry());
        assertFalse(envoy.tryStartRetry());
        assertSame(CircuitBreakers.NONE, CircuitBreakersParser.parse(null, "cb"));
    }

    @Test
    void badValuesNameTheirPath() throws Exception {
        ConfigException negative = assertThrows(ConfigException.class, () -> CircuitBreakersParser.parse(
                json("[{\"max_connections\": -1}]"), "cluster_manager.clusters[0].circuit_breakers"));
        assertTrue(negative.getMessage().contains("cluster_manager.clusters[0].circuit_breakers[0].max_connections"),
                negative.getMessage());
        ConfigException text = assertThrows(ConfigException.class, () -> CircuitBreakersParser.parse(
                json("[{\"max_requests\": \"ten\"}]"), "cb"));
        assertTrue(text.getMessage().contains("cb[0].max_requests"), text.getMessage());
        ConfigException priority = assertThrows(ConfigException.class, () -> CircuitBreakersParser.parse(
                json("[{\"priority\": \"low\"}]"), "cb"));
        assertTrue(priority.getMessage().contains("cb[0].priority"), priority.getMessage());
        assertThrows(ConfigException.class, () -> CircuitBreakersParser.parse(json("5"), "cb"));
    }
}
