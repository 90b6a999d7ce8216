package org.mosn4j.kernel.upstream;

import java.time.Duration;
import java.util.Locale;
import org.mosn4j.kernel.config.SlowStartConfig;
import org.mosn4j.spi.config.ConfigException;

/**
 * A cluster's checked {@code slow_start}, and the ramp it defines. A host that became available {@code t} ago
 * (with {@code t} below the window) gets {@code weight * max(minWeight, (max(t, 1s) / window) ^ (1 /
 * aggression))} of its weight, which is MOSN's and Envoy's formula.
 *
 * @param windowNanos how long the ramp lasts
 * @param aggression above 1 ramps fast first, below 1 slowly first
 * @param minWeight the smallest fraction of its weight a ramping host gets, above 0 and at most 1
 */
record SlowStartSettings(long windowNanos, double aggression, double minWeight) {

    /** The only {@code mode}, MOSN's. */
    static final String DURATION_MODE = "duration";
    static final double DEFAULT_AGGRESSION = 1.0;
    static final double DEFAULT_MIN_WEIGHT = 0.1;
    private static final long ONE_SECOND = 1_000_000_000L;

    /**
     * @param config the cluster's {@code slow_start}, or null
     * @param path its JSON path
     * @return the settings, or null when slow start is off (no block, or no {@code slow_start_duration})
     * @throws ConfigException naming the offending field
     */
    static SlowStartSettings parse(SlowStartConfig config, String path) throws ConfigException {
        if (config == null) {
            return null;
        }
        if (config.mode() != null && !config.mode().isEmpty()
                && !config.mode().toLowerCase(Locale.ROOT).equals(DURATION_MODE)) {
            throw new ConfigException(path + ".mode", "slow start mode \"" + config.mode()
                    + "\" is not supported (supported: " + DURATION_MODE + ")");
        }
        Duration window = config.slowStartDuration();
        if (window != null && window.isNegative()) {
            throw new ConfigException(path + ".slow_start_duration", "expected a duration of 0s (off) or more");
        }
        double aggression = config.aggression() == null || config.aggression() == 0 ? DEFAULT_AGGRESSION
                : config.aggression();
        if (!(aggression > 0) || Double.isInfinite(aggression)) {
            throw new ConfigException(path + ".aggression", "expected a number above 0 (1.0 ramps linearly), got "
                    + config.aggression());
        }
        double minWeight = minWeight(config.minWeightPercent(), path + ".min_weight_percent");
        if (window == null || window.isZero()) {
            return null;
        }
        return new SlowStartSettings(window.toNanos(), aggression, minWeight);
    }

    /** MOSN reads a fraction (0.1), Envoy a percentage (10); both mean 10%, and 1 means all of it. */
    private static double minWeight(Double configured, String path) throws ConfigException {
        if (configured == null || configured == 0) {
            return DEFAULT_MIN_WEIGHT;
        }
        double value = configured;
        if (!(value > 0) || value > 100) {
            throw new ConfigException(path, "expected a fraction from 0 to 1 (0.1) or a percentage up to 100 (10), got "
                    + configured);
        }
        return value <= 1 ? value : value / 100;
    }

    /**
     * @param elapsedNanos how long ago the host became available
     * @return the fraction of its weight the host gets now, from {@link #minWeight} to 1
     */
    double factor(long elapsedNanos) {
        if (elapsedNanos >= windowNanos) {
            return 1;
        }
        double time = Math.min(1, (double) Math.max(elapsedNanos, ONE_SECOND) / windowNanos);
        double ramp = aggression == 1 ? time : Math.pow(time, 1 / aggression);
        return Math.max(minWeight, ramp);
    }

    /** @return how often a ramping cluster's balancer is rebuilt with new weights: a tenth of the window */
    long stepNanos() {
        return Math.max(windowNanos / 10, 1_000_000L);
    }
}
