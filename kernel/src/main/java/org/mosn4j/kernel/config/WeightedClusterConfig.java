package org.mosn4j.kernel.config;

/** One entry of {@code weighted_clusters}: {@code {"cluster": {"name": ..., "weight": ...}}}. */
public record WeightedClusterConfig(Cluster cluster) {

    /** The cluster and its share, relative to the other entries' weights. */
    public record Cluster(String name, Integer weight) {
    }
}
