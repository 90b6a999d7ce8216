package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One route of a virtual host: a match and what to do (route to a cluster, redirect or answer directly). */
public record RouteConfig(
        RouteMatchConfig match,
        JsonNode route,
        JsonNode redirect,
        DirectResponseConfig directResponse,
        JsonNode requestMirrorPolicies,
        Map<String, JsonNode> perFilterConfig,
        JsonNode metadata) {

    public RouteConfig {
        perFilterConfig = perFilterConfig == null ? Map.of() : Map.copyOf(perFilterConfig);
    }
}
