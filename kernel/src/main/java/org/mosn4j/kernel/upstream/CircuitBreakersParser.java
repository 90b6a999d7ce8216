package org.mosn4j.kernel.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * Reads a cluster's {@code circuit_breakers} as MOSN writes it: a list of thresholds
 * {@code [{"priority": "default", "max_connections": 100, "max_pending_requests": 100, "max_requests": 100,
 * "max_retries": 3}]} (Envoy's {@code {"thresholds": [...]}} is read too). The entry of the default priority
 * applies; {@code high} entries are checked and not used, since the proxy has one priority.
 */
final class CircuitBreakersParser {

    /** One entry of the list, bound by MOSN's rules. */
    record Thresholds(String priority, Long maxConnections, Long maxPendingRequests, Long maxRequests,
            Long maxRetries) {
    }

    private CircuitBreakersParser() {
    }

    /**
     * @param node the {@code circuit_breakers} value, or null
     * @param path its JSON path, for errors
     * @return the caps, {@link CircuitBreakers#NONE} when absent
     */
    static CircuitBreakers parse(JsonNode node, String path) throws ConfigException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return CircuitBreakers.NONE;
        }
        if (node.isObject()) {
            JsonNode thresholds = ConfigBinder.field(node, "thresholds");
            if (thresholds == null || !thresholds.isArray()) {
                throw new ConfigException(path, "expected a list of thresholds like [{\"max_requests\": 1024}]");
            }
            return parse(thresholds, path + ".thresholds");
        }
        if (!node.isArray()) {
            throw new ConfigException(path, "expected a list of thresholds like [{\"max_requests\": 1024}], got "
                    + node.getNodeType().name().toLowerCase());
        }
        CircuitBreakers chosen = CircuitBreakers.NONE;
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            Thresholds entry = ConfigBinder.INSTANCE.bind(node.get(i), Thresholds.class, at);
            String priority = entry.priority() == null || entry.priority().isEmpty() ? "default"
                    : entry.priority().toLowerCase();
            if (!priority.equals("default") && !priority.equals("high")) {
                throw new ConfigException(at + ".priority", "expected \"default\" or \"high\", got \""
                        + entry.priority() + "\"");
            }
            CircuitBreakers breakers = new CircuitBreakers(
                    limit(entry.maxConnections(), at + ".max_connections"),
                    limit(entry.maxPendingRequests(), at + ".max_pending_requests"),
                    limit(entry.maxRequests(), at + ".max_requests"),
                    limit(entry.maxRetries(), at + ".max_retries"));
            if (priority.equals("default")) {
                chosen = breakers;
            }
        }
        return chosen;
    }

    private static int limit(Long value, String path) throws ConfigException {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new ConfigException(path, "expected a whole number from 0 (no limit) to " + Integer.MAX_VALUE
                    + ", got " + value);
        }
        return value.intValue();
    }
}
