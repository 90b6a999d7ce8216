package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;

/** A {@code {"type": ..., "config": {...}}} entry: a network filter or a stream filter. */
public record FilterConfig(String type, JsonNode config) {
}
