package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/** MOSN's {@code cluster_manager}. */
public record ClusterManagerConfig(
        JsonNode tlsContext,
        Boolean clusterPoolEnable,
        String clustersConfigs,
        List<ClusterConfig> clusters) {

    static final ClusterManagerConfig EMPTY = new ClusterManagerConfig(null, null, null, null);

    public ClusterManagerConfig {
        clusters = ConfigBinder.orEmpty(clusters);
    }
}
