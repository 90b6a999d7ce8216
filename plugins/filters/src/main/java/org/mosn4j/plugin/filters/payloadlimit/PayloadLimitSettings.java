package org.mosn4j.plugin.filters.payloadlimit;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.plugin.filters.common.ConfigChecks;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * A checked {@code payload_limit} config, from a listener's filter block or a route's {@code per_filter_config}.
 * Immutable.
 *
 * @param maxEntitySize the largest request body in bytes; 0 for no limit
 * @param status the status of the reply to a larger request
 * @param disabled whether the filter lets everything through
 */
record PayloadLimitSettings(long maxEntitySize, int status, boolean disabled) {

    /** The status of the reply unless {@code http_status} says otherwise. */
    static final int DEFAULT_STATUS = 413;

    static PayloadLimitSettings parse(JsonNode json, String path) throws ConfigException {
        PayloadLimitConfig config = ConfigBinder.INSTANCE.bind(json, PayloadLimitConfig.class, path);
        long max = config.maxEntitySize() == null ? 0 : config.maxEntitySize();
        if (max < 0) {
            throw new ConfigException(path + ".max_entity_size", "expected a size in bytes (0 for no limit), got " + max);
        }
        int status = ConfigChecks.status(config.httpStatus(), path + ".http_status", DEFAULT_STATUS);
        return new PayloadLimitSettings(max, status, ConfigChecks.disabled(config.disabled()));
    }

    /** @return whether requests are limited at all */
    boolean limits() {
        return !disabled && maxEntitySize > 0;
    }
}
