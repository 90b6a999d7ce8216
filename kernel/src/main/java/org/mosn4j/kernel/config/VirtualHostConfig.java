package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.mosn4j.spi.config.ConfigBinder;

/** A virtual host: the domains it serves and its ordered routes. */
public record VirtualHostConfig(
        String name,
        List<String> domains,
        List<RouteConfig> routers,
        Map<String, JsonNode> perFilterConfig,
        JsonNode requestHeadersToAdd,
        JsonNode requestHeadersToRemove,
        JsonNode responseHeadersToAdd,
        JsonNode responseHeadersToRemove) {

    public VirtualHostConfig {
        domains = ConfigBinder.orEmpty(domains);
        routers = ConfigBinder.orEmpty(routers);
        perFilterConfig = perFilterConfig == null ? Map.of() : Map.copyOf(perFilterConfig);
    }
}
