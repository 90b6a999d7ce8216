package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One route of a virtual host: a match and one action, which is {@code route} (to a cluster),
 * {@code redirect} or {@code direct_response}.
 */
public record RouteConfig(
        RouteMatchConfig match,
        RouteActionConfig route,
        RedirectConfig redirect,
        DirectResponseConfig directResponse,
        JsonNode requestMirrorPolicies,
        Map<String, JsonNode> perFilterConfig,
        JsonNode metadata) {

    public RouteConfig {
        perFilterConfig = perFilterConfig == null ? Map.of() : Map.copyOf(perFilterConfig);
    }
}
