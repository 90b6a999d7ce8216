package org.mosn4j.kernel.config;

import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/** One entry of {@code servers[0].routers}, or the routing part of a {@code connection_manager} filter. */
public record RouterConfig(
        String routerConfigName,
        String routerConfigs,
        List<VirtualHostConfig> virtualHosts,
        List<HeaderValueOptionConfig> requestHeadersToAdd,
        List<String> requestHeadersToRemove,
        List<HeaderValueOptionConfig> responseHeadersToAdd,
        List<String> responseHeadersToRemove) {

    public RouterConfig {
        virtualHosts = ConfigBinder.orEmpty(virtualHosts);
        requestHeadersToAdd = ConfigBinder.orEmpty(requestHeadersToAdd);
        requestHeadersToRemove = ConfigBinder.orEmpty(requestHeadersToRemove);
        responseHeadersToAdd = ConfigBinder.orEmpty(responseHeadersToAdd);
        responseHeadersToRemove = ConfigBinder.orEmpty(responseHeadersToRemove);
    }
}
