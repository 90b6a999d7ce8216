package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The config's {@code node}: who this proxy is to the control plane (Envoy v3's {@code Node}).
 *
 * @param id the node id
 * @param cluster the service cluster this proxy belongs to
 * @param metadata free-form JSON the control plane may read
 * @param locality where the proxy runs
 */
record NodeConfig(String id, String cluster, JsonNode metadata, Locality locality) {

    /** {@code locality}. */
    record Locality(String region, String zone, String subZone) {
    }
}
