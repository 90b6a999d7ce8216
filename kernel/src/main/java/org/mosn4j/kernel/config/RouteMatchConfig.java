package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/** A route's {@code match}: path, prefix or regex (in that priority), plus header and variable matchers. */
public record RouteMatchConfig(
        String prefix,
        String path,
        String regex,
        List<HeaderMatcherConfig> headers,
        List<HeaderMatcherConfig> variables,
        JsonNode dslExpressions) {

    public RouteMatchConfig {
        headers = ConfigBinder.orEmpty(headers);
        variables = ConfigBinder.orEmpty(variables);
    }
}
