package org.mosn4j.plugin.filters.faulttolerance;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.upstream.HostEjectionPolicy;

/** Turns a {@code fault_tolerance} config into the kernel's {@link HostEjectionPolicy}, with MOSN's defaults. */
final class EjectionPolicies {

    static final List<Integer> DEFAULT_EXCEPTION_TYPES = List.of(502, 503, 504);
    static final Duration DEFAULT_TIME_WINDOW = Duration.ofMillis(10_000);
    static final Duration MIN_TIME_WINDOW = Duration.ofMillis(10);
    static final int DEFAULT_LEAST_WINDOW_COUNT = 10;
    static final double DEFAULT_EXCEPTION_RATE_MULTIPLE = 5;
    static final int DEFAULT_CONSECUTIVE_EXCEPTIONS = 5;
    static final int DEFAULT_MAX_IP_COUNT = 1;
    static final Duration DEFAULT_RECOVER_TIME = Duration.ofMinutes(15);
    static final int DEFAULT_MAX_RECOVER_FACTOR = 4;

    private EjectionPolicies() {
    }

    /**
     * @param config the bound block
     * @param path its JSON path
     * @return the policy
     * @throws ConfigException naming the field that is out of range
     */
    static HostEjectionPolicy of(FaultToleranceConfig config, String path) throws ConfigException {
        Set<Integer> statuses = new LinkedHashSet<>();
        List<Integer> types = config.exceptionTypes() == null ? DEFAULT_EXCEPTION_TYPES : config.exceptionTypes();
        for (int i = 0; i < types.size(); i++) {
            Integer status = types.get(i);
            if (status == null || status < 100 || status > 999) {
                throw new ConfigException(path + ".exceptionTypes[" + i + "]", "expected a status from 100 to 999, got "
                        + status);
            }
            statuses.add(status);
        }
        Duration window = MillisOrDuration.parse(config.timeWindow(), DEFAULT_TIME_WINDOW, path + ".timeWindow");
        if (window.compareTo(MIN_TIME_WINDOW) < 0) {
            throw new ConfigException(path + ".timeWindow", "expected at least 10 (milliseconds), got "
                    + config.timeWindow());
        }
        int leastCount = orDefault(config.leastWindowCount(), DEFAULT_LEAST_WINDOW_COUNT);
        if (leastCount < 1) {
            throw new ConfigException(path + ".leastWindowCount", "expected 1 or more, got " + leastCount);
        }
        double multiple = config.exceptionRateMultiple() == null || config.exceptionRateMultiple() == 0
                ? DEFAULT_EXCEPTION_RATE_MULTIPLE : config.exceptionRateMultiple();
        if (!(multiple > 1)) {
            throw new ConfigException(path + ".exceptionRateMultiple", "expected a number above 1 (a host fails that"
                    + " many times as often as its cluster), got " + multiple);
        }
        double threshold = config.exceptionRateThreshold() == null ? 0 : config.exceptionRateThreshold();
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new ConfigException(path + ".exceptionRateThreshold", "expected a share of failed requests from 0 to 1"
                    + " (0: no such rule), got " + threshold);
        }
        int consecutive = config.consecutiveExceptions() == null ? DEFAULT_CONSECUTIVE_EXCEPTIONS
                : config.consecutiveExceptions();
        if (consecutive < 0) {
            throw new ConfigException(path + ".consecutiveExceptions", "expected 0 (no such rule) or more, got "
                    + consecutive);
        }
        int maxIpCount = orDefault(config.maxIpCount(), DEFAULT_MAX_IP_COUNT);
        if (maxIpCount < 0) {
            throw new ConfigException(path + ".maxIpCount", "expected 1 or more, got " + maxIpCount);
        }
        double maxIpRatio = config.maxIpRatio() == null ? 0 : config.maxIpRatio();
        if (!(maxIpRatio >= 0 && maxIpRatio <= 1)) {
            throw new ConfigException(path + ".maxIpRatio", "expected a share of a cluster's hosts from 0 to 1"
                    + " (0: no such limit), got " + maxIpRatio);
        }
        Duration recover = MillisOrDuration.parse(config.recoverTime(), DEFAULT_RECOVER_TIME, path + ".recoverTime");
        Duration maxRecover = MillisOrDuration.parse(config.maxRecoverTime(),
                recover.multipliedBy(DEFAULT_MAX_RECOVER_FACTOR), path + ".maxRecoverTime");
        if (maxRecover.compareTo(recover) < 0) {
            throw new ConfigException(path + ".maxRecoverTime", "expected at least recoverTime ("
                    + recover.toMillis() + " ms), got " + maxRecover.toMillis() + " ms");
        }
        if (config.taskSize() != null && config.taskSize() < 0) {
            throw new ConfigException(path + ".taskSize", "expected 0 or more, got " + config.taskSize());
        }
        return new HostEjectionPolicy(statuses, consecutive, window, leastCount, multiple, threshold, maxIpCount,
                maxIpRatio, recover, maxRecover);
    }

    /** Go's zero value: 0 reads as absent. */
    private static int orDefault(Integer value, int absent) {
        return value == null || value == 0 ? absent : value;
    }
}
