package org.mosn4j.kernel.router;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterFactory;

/** Parses {@code per_filter_config} blocks with the stream filter factories that own them. */
final class PerFilterConfigs {

    private PerFilterConfigs() {
    }

    /**
     * @param raw the block as written, by filter type
     * @param path the block's JSON path
     * @param filters finds the stream filter factory of a type; null when none is installed
     * @param problems where parse errors go
     * @return the parsed configs by type: what the factory returned, or the JSON as written for a type no
     *         installed factory has; entries that failed to parse or parsed to null are left out
     */
    static Map<String, Object> parse(Map<String, JsonNode> raw, String path,
            Function<String, StreamFilterFactory> filters, ConfigProblems problems) {
        Map<String, Object> parsed = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : new TreeMap<>(raw).entrySet()) {
            StreamFilterFactory factory = filters.apply(entry.getKey());
            if (factory == null) {
                parsed.put(entry.getKey(), entry.getValue());
                continue;
            }
            try {
                Object value = factory.parsePerRouteConfig(entry.getValue(), path + "." + entry.getKey());
                if (value != null) {
                    parsed.put(entry.getKey(), value);
                }
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        return parsed;
    }
}
