package org.mosn4j.kernel.upstream.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.mosn4j.kernel.config.HealthCheckConfig;
import org.mosn4j.kernel.config.HealthCheckConfig.HttpCheckConfig;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.config.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's checked {@code health_check} with its defaults filled in. Immutable.
 *
 * <p>Defaults follow MOSN where MOSN has one: {@code timeout} 1s and {@code interval} 15s (MOSN's
 * {@code DefaultTimeout} and {@code DefaultInterval}), the first check 1s after start (MOSN's first interval).
 * MOSN has no threshold defaults (a threshold of 0 is never reached there); here both are 1, so one failed
 * check takes a host out and one passed check brings it back. As in Go, a zero value means "not set", except
 * for {@code initial_delay_seconds}, where 0 means the first check runs at start.
 *
 * @param serviceName the configured {@code service_name}, or empty
 * @param timeout how long one check may take before it counts as failed
 * @param interval the wait between the end of one check of a host and the start of the next
 * @param intervalJitter the most random extra wait added to each interval
 * @param initialDelay the wait from start to a host's first check
 * @param healthyThreshold consecutive passes that make an unhealthy host healthy
 * @param unhealthyThreshold consecutive failures that make a healthy host unhealthy
 * @param http the HTTP request to send, or null for a TCP connect check
 */
public record HealthCheckSettings(String serviceName, Duration timeout, Duration interval, Duration intervalJitter,
        Duration initialDelay, int healthyThreshold, int unhealthyThreshold, HttpCheckSettings http) {

    /** {@code timeout} when none is set (MOSN's). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** {@code interval} when none is set (MOSN's). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /** {@code initial_delay_seconds} when none is set (MOSN's first check). */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
    /** Thresholds when none is set. */
    public static final int DEFAULT_THRESHOLD = 1;
    /** The shortest interval: a shorter one (a bare number is nanoseconds) would keep a loop busy checking. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    /** The longest initial delay: a year, far below what a timer can take. */
    public static final Duration MAX_INITIAL_DELAY = Duration.ofDays(365);

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckSettings.class);
    private static final String SUPPORTED_PROTOCOLS = "\"http\" or \"Http1\" for an HTTP check, \"tcp\" for a TCP "
            + "connect check (any case); absent means TCP, or HTTP when check_config.http_check_config is set";

    /**
     * Checks a cluster's {@code health_check}.
     *
     * @param config the block; null when absent
     * @param path its JSON path, such as {@code cluster_manager.clusters[0].health_check}
     * @return the settings, or null when the block is absent or every field has its zero value (as in a MOSN
     *         config dump of a cluster without health checks)
     * @throws ConfigException naming the offending key and what was expected
     */
    public static HealthCheckSettings from(HealthCheckConfig config, String path) throws ConfigException {
        if (config == null || unset(config)) {
            return null;
        }
        HttpCheckConfig httpConfig = config.checkConfig() == null ? null : config.checkConfig().httpCheckConfig();
        String protocol = config.protocol() == null ? "" : config.protocol();
        boolean http;
        if (protocol.equalsIgnoreCase("http") || protocol.equalsIgnoreCase("http1")) {
            http = true;
        } else if (protocol.equalsIgnoreCase("tcp")) {
            if (httpConfig != null) {
                throw new ConfigException(path + ".protocol", "protocol \"" + protocol + "\" asks for a TCP connect "
                        + "check but check_config.http_check_config is set; use \"http\" or remove http_check_config");
            }
            http = false;
        } else if (protocol.isEmpty() || httpConfig != null) {
            http = httpConfig != null;
        } else {
            throw new ConfigException(path + ".protocol", "health check protocol \"" + protocol
                    + "\" is not supported (supported: " + SUPPORTED_PROTOCOLS + ")");
        }
        HttpCheckSettings httpSettings = http
                ? HttpCheckSettings.from(httpConfig, path + ".check_config.http_check_config") : null;
        Duration timeout = positiveOr(config.timeout(), DEFAULT_TIMEOUT, path + ".timeout");
        if (httpSettings != null && httpSettings.timeout() != null) {
            timeout = httpSettings.timeout();
        }
        Duration interval = positiveOr(config.interval(), DEFAULT_INTERVAL, path + ".interval");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new ConfigException(path + ".interval", "expected an interval of at least "
                    + GoDuration.format(MIN_INTERVAL) + ", got " + GoDuration.format(interval));
        }
        Duration jitter = config.intervalJitter() == null ? Duration.ZERO : config.intervalJitter();
        if (jitter.isNegative()) {
            throw new ConfigException(path + ".interval_jitter", "expected a duration of 0s or more, got "
                    + GoDuration.format(jitter));
        }
        if (config.commonCallbacks() != null && !config.commonCallbacks().isEmpty()) {
            LOG.warn("{}.common_callbacks: MOSN's named health check callbacks are not supported; ignored", path);
        }
        return new HealthCheckSettings(config.serviceName() == null ? "" : config.serviceName(), timeout, interval,
                jitter, initialDelay(config.initialDelaySeconds(), path + ".initial_delay_seconds"),
                threshold(config.healthyThreshold(), path + ".healthy_threshold"),
                threshold(config.unhealthyThreshold(), path + ".unhealthy_threshold"), httpSettings);
    }

    /** @return a new check of the configured kind */
    HealthCheck newCheck(Transport transport) {
        return http == null ? new TcpConnectCheck(transport) : new HttpCheck(transport, http);
    }

    /** @return what is checked, for log lines: {@code "TCP connect"} or {@code "HTTP GET /health"} */
    public String describe() {
        return http == null ? "TCP connect" : "HTTP " + http.method() + " " + http.path()
                + (http.port() == 0 ? "" : " on port " + http.port());
    }

    private static boolean unset(HealthCheckConfig c) {
        return empty(c.protocol()) && zero(c.timeout()) && zero(c.interval()) && zero(c.intervalJitter())
                && zero(c.initialDelaySeconds())
                && zero(c.healthyThreshold()) && zero(c.unhealthyThreshold()) && empty(c.serviceName())
                && (c.checkConfig() == null || c.checkConfig().httpCheckConfig() == null)
                && (c.commonCallbacks() == null || c.commonCallbacks().isEmpty());
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean zero(Duration d) {
        return d == null || d.isZero();
    }

    private static boolean zero(JsonNode node) {
        if (node == null || node.isNull() || node.isNumber() && node.asDouble() == 0) {
            return true;
        }
        if (node.isTextual()) {
            try {
                return node.asText().isEmpty() || GoDuration.parse(node.asText()).isZero();
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean zero(Integer i) {
        return i == null || i == 0;
    }

    private static Duration positiveOr(Duration value, Duration fallback, String path) throws ConfigException {
        if (value == null || value.isZero()) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new ConfigException(path, "expected a positive duration such as \"1s\", got " + GoDuration.format(value));
        }
        return value;
    }

    private static int threshold(Integer value, String path) throws ConfigException {
        if (value == null || value == 0) {
            return DEFAULT_THRESHOLD;
        }
        if (value < 0) {
            throw new ConfigException(path, "expected a count of 1 or more, got " + value);
        }
        return value;
    }

    private static Duration initialDelay(JsonNode node, String path) throws ConfigException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return DEFAULT_INITIAL_DELAY;
        }
        Duration delay;
        if (node.isTextual()) {
            try {
                delay = GoDuration.parse(node.asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path, e.getMessage());
            }
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            delay = Duration.ofSeconds(node.asLong());
        } else {
            throw new ConfigException(path, "expected a duration such as \"5s\" or a whole number of seconds, got "
                    + node);
        }
        if (delay.isNegative()) {
            throw new ConfigException(path, "expected a delay of 0s or more, got " + GoDuration.format(delay));
        }
        if (delay.compareTo(MAX_INITIAL_DELAY) > 0) {
            throw new ConfigException(path, "expected a delay of at most " + GoDuration.format(MAX_INITIAL_DELAY)
                    + ", got " + node);
        }
        return delay;
    }
}
