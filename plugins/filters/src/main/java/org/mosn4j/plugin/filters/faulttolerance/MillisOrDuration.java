package org.mosn4j.plugin.filters.faulttolerance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.config.GoDuration;

/** A time in a MOSN filter config: an integer of milliseconds, as MOSN reads it, or a Go duration string. */
final class MillisOrDuration {

    private MillisOrDuration() {
    }

    /**
     * @param node the value, or null when the key is absent
     * @param absent the value when the key is absent (or 0, Go's zero value)
     * @param path the JSON path, for errors
     * @return the time
     */
    static Duration parse(JsonNode node, Duration absent, String path) throws ConfigException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return absent;
        }
        Duration value;
        if (node.isIntegralNumber()) {
            value = Duration.ofMillis(node.asLong());
        } else if (node.isTextual()) {
            try {
                value = GoDuration.parse(node.asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path, e.getMessage());
            }
        } else {
            throw new ConfigException(path, "expected milliseconds (an integer) or a duration such as \"30s\", got "
                    + node);
        }
        if (value.isNegative()) {
            throw new ConfigException(path, "expected a time of 0 or more, got " + node);
        }
        return value.isZero() ? absent : value;
    }
}
