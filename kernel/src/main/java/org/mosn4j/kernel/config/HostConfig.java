package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;

/** One upstream host of a cluster. */
public record HostConfig(String address, String hostname, Integer weight, JsonNode metadata, Boolean tlsDisable) {
}
