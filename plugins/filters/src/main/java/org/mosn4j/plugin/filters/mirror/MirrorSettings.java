package org.mosn4j.plugin.filters.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.mosn4j.plugin.filters.common.ConfigChecks;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * A checked {@code mirror} config, from a listener's filter block or a route's {@code per_filter_config}.
 * Immutable.
 *
 * @param cluster the shadow cluster, or null when disabled
 * @param percent of the requests to copy
 * @param maxBodyBytes the largest request body copied
 * @param timeout how long a copy may take
 * @param disabled whether nothing is copied
 */
record MirrorSettings(String cluster, int percent, long maxBodyBytes, Duration timeout, boolean disabled) {

    /** The largest body copied unless {@code max_body_bytes} says otherwise. */
    static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** How long a copy may take unless {@code timeout} says otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    static MirrorSettings parse(JsonNode json, String path) throws ConfigException {
        MirrorConfig config = ConfigBinder.INSTANCE.bind(json, MirrorConfig.class, path);
        boolean disabled = ConfigChecks.disabled(config.disabled());
        String cluster = config.cluster() == null || config.cluster().isEmpty() ? null : config.cluster();
        if (cluster == null && !disabled) {
            throw new ConfigException(path + ".cluster", "expected the name of the shadow cluster, got nothing");
        }
        int percent = ConfigChecks.percentage(config.percent(), path + ".percent", 100);
        long maxBody = config.maxBodyBytes() == null ? DEFAULT_MAX_BODY_BYTES : config.maxBodyBytes();
        if (maxBody < 0 || maxBody > Integer.MAX_VALUE) {
            throw new ConfigException(path + ".max_body_bytes", "expected a size in bytes from 0 to "
                    + Integer.MAX_VALUE + ", got " + maxBody);
        }
        Duration timeout = config.timeout() == null ? DEFAULT_TIMEOUT : config.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException(path + ".timeout", "expected a positive duration such as \"5s\", got " + timeout);
        }
        return new MirrorSettings(cluster, percent, maxBody, timeout, disabled);
    }
}
