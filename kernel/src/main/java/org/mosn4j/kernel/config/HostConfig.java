package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;

/** One upstream host of a cluster; {@code tls_disable} keeps it plaintext in a cluster with {@code tls_context}. */
public record HostConfig(String address, String hostname, Integer weight, JsonNode metadata, Boolean tlsDisable) {
}
