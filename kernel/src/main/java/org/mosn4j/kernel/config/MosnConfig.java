package org.mosn4j.kernel.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * The whole config file, MOSN's top level. Sections that later features read are kept as JSON so that MOSN
 * configs using them load today and show in the config dump.
 */
public record MosnConfig(
        List<ServerConfig> servers,
        ClusterManagerConfig clusterManager,
        AdminConfig admin,
        JsonNode pprof,
        JsonNode tracing,
        JsonNode metrics,
        JsonNode dynamicResources,
        JsonNode staticResources,
        JsonNode node,
        Boolean disableUpgrade,
        Boolean closeGraceful,
        Boolean inheritOldMosnconfig,
        JsonNode pid,
        String udsDir,
        JsonNode plugin,
        JsonNode thirdPartCodec,
        @JsonProperty("extends") JsonNode extensions) {

    public MosnConfig {
        servers = ConfigBinder.orEmpty(servers);
        clusterManager = clusterManager == null ? ClusterManagerConfig.EMPTY : clusterManager;
    }

    /** @return the one server block, or a default one when the config has none */
    public ServerConfig server() {
        return servers.isEmpty() ? ServerConfig.EMPTY : servers.get(0);
    }
}
