package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/** One entry of {@code servers[0].routers}, or the routing part of a {@code connection_manager} filter. */
public record RouterConfig(
        String routerConfigName,
        String routerConfigs,
        List<VirtualHostConfig> virtualHosts,
        JsonNode requestHeadersToAdd,
        JsonNode requestHeadersToRemove,
        JsonNode responseHeadersToAdd,
        JsonNode responseHeadersToRemove) {

    public RouterConfig {
        virtualHosts = ConfigBinder.orEmpty(virtualHosts);
    }
}
