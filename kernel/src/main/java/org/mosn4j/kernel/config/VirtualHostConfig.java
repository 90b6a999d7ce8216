package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.mosn4j.spi.config.ConfigBinder;

/** A virtual host: the domains it serves, its ordered routes, and header changes for all of them. */
public record VirtualHostConfig(
        String name,
        List<String> domains,
        List<RouteConfig> routers,
        Map<String, JsonNode> perFilterConfig,
        List<HeaderValueOptionConfig> requestHeadersToAdd,
        List<String> requestHeadersToRemove,
        List<HeaderValueOptionConfig> responseHeadersToAdd,
        List<String> responseHeadersToRemove) {

    public VirtualHostConfig {
        domains = ConfigBinder.orEmpty(domains);
        routers = ConfigBinder.orEmpty(routers);
        perFilterConfig = perFilterConfig == null ? Map.of() : Map.copyOf(perFilterConfig);
        requestHeadersToAdd = ConfigBinder.orEmpty(requestHeadersToAdd);
        requestHeadersToRemove = ConfigBinder.orEmpty(requestHeadersToRemove);
        responseHeadersToAdd = ConfigBinder.orEmpty(responseHeadersToAdd);
        responseHeadersToRemove = ConfigBinder.orEmpty(responseHeadersToRemove);
    }
}
