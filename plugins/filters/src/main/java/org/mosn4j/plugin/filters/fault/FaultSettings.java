package org.mosn4j.plugin.filters.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mosn4j.plugin.filters.common.ConfigChecks;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.RouteInfo;

/**
 * A checked {@code fault} config, from a listener's filter block or a route's {@code per_filter_config}.
 * Immutable and thread-safe.
 *
 * @param delayNanos the delay to inject; 0 for none
 * @param delayPercentage of matching requests to delay
 * @param abortStatus the status to answer with; 0 for no abort
 * @param abortPercentage of matching requests to abort
 * @param upstreamCluster only requests routed to this cluster, or null for all
 * @param headers conditions every one of which a request must meet
 * @param disabled whether the filter does nothing
 */
record FaultSettings(long delayNanos, int delayPercentage, int abortStatus, int abortPercentage,
        String upstreamCluster, List<HeaderMatcher> headers, boolean disabled) {

    /**
     * @param json the filter's block
     * @param path its JSON path
     * @return the checked settings
     * @throws ConfigException naming the offending key
     */
    static FaultSettings parse(JsonNode json, String path) throws ConfigException {
        FaultConfig config = ConfigBinder.INSTANCE.bind(json, FaultConfig.class, path);
        long delayNanos = 0;
        int delayPercentage = 0;
        if (config.delay() != null) {
            String delayPath = path + ".delay";
            Duration delay = config.delay().fixedDelay();
            if (delay == null || delay.isNegative() || delay.isZero()) {
                throw new ConfigException(delayPath + ".fixed_delay", "expected a positive duration such as \"500ms\", got "
                        + (delay == null ? "nothing" : delay));
            }
            delayNanos = delay.toNanos();
            delayPercentage = ConfigChecks.percentage(config.delay().percentage(), delayPath + ".percentage", 100);
        }
        int abortStatus = 0;
        int abortPercentage = 0;
        if (config.abort() != null) {
            String abortPath = path + ".abort";
            if (config.abort().status() == null) {
                throw new ConfigException(abortPath + ".status", "expected the status to answer with, such as 503, got nothing");
            }
            abortStatus = ConfigChecks.status(config.abort().status(), abortPath + ".status", 0);
            abortPercentage = ConfigChecks.percentage(config.abort().percentage(), abortPath + ".percentage", 100);
        }
        String cluster = config.upstreamCluster() == null || config.upstreamCluster().isEmpty() ? null : config.upstreamCluster();
        return new FaultSettings(delayNanos, delayPercentage, abortStatus, abortPercentage, cluster,
                matchers(config.headers(), path + ".headers"), ConfigChecks.disabled(config.disabled()));
    }

    private static List<HeaderMatcher> matchers(List<FaultConfig.HeaderMatcherConfig> configs, String path)
            throws ConfigException {
        List<HeaderMatcher> out = new ArrayList<>();
        List<FaultConfig.HeaderMatcherConfig> all = ConfigBinder.orEmpty(configs);
        for (int i = 0; i < all.size(); i++) {
            FaultConfig.HeaderMatcherConfig matcher = all.get(i);
            String at = path + "[" + i + "]";
            if (matcher.name() == null || matcher.name().isEmpty()) {
                throw new ConfigException(at + ".name", "expected a header name, got nothing");
            }
            Pattern pattern = null;
            if (Boolean.TRUE.equals(matcher.regex())) {
                if (matcher.value() == null) {
                    throw new ConfigException(at + ".value", "expected a regular expression, got nothing");
                }
                try {
                    pattern = Pattern.compile(matcher.value());
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(at + ".value", "invalid regular expression: " + e.getDescription());
                }
            }
            out.add(new HeaderMatcher(matcher.name(), pattern == null ? matcher.value() : null, pattern));
        }
        return List.copyOf(out);
    }

    /** @return whether the fault applies to a request with these headers on this route */
    boolean appliesTo(RouteInfo route, HeaderMap request) {
        if (disabled || delayNanos == 0 && abortStatus == 0) {
            return false;
        }
        if (upstreamCluster != null && (route == null || !upstreamCluster.equals(route.clusterName()))) {
            return false;
        }
        for (HeaderMatcher matcher : headers) {
            if (!matcher.matches(request)) {
                return false;
            }
        }
        return true;
    }
}
