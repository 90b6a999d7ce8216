package org.mosn4j.kernel.tracing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The top-level {@code tracing} block as MOSN writes it: {@code {"enable": true, "driver": "SOFATracer",
 * "config": {...}}}. mosn4j reads {@code config.propagation}, a list of {@code "w3c"} and {@code "b3"}.
 *
 * @param enable whether requests are traced
 * @param driver the tracer name; it picks the default propagation
 * @param config driver settings
 */
public record TracingConfig(Boolean enable, String driver, JsonNode config) {

    /** @return whether tracing is on */
    public boolean enabled() {
        return Boolean.TRUE.equals(enable);
    }
}
