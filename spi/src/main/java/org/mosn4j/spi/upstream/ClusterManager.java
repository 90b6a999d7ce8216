package org.mosn4j.spi.upstream;

import java.util.Optional;
import java.util.Set;

/**
 * All clusters of the running config. Thread-safe; each lookup sees the latest config.
 */
public interface ClusterManager {

    /**
     * @param name the cluster name from config
     * @return the cluster, or empty when no cluster has that name
     */
    Optional<Cluster> cluster(String name);

    /** @return the names of all clusters */
    Set<String> clusterNames();
}
