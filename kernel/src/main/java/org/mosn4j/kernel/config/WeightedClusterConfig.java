package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code weighted_clusters}: {@code {"cluster": {"name": ..., "weight": ..., "metadata_match":
 * ...}}}.
 */
public record WeightedClusterConfig(Cluster cluster) {

    /** The cluster, its share relative to the other entries' weights, and the host subset it asks for. */
    public record Cluster(String name, Integer weight, JsonNode metadataMatch) {
    }
}
