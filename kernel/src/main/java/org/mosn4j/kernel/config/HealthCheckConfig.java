package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * A cluster's {@code health_check}, in MOSN's shape. Checked and given defaults by
 * {@code org.mosn4j.kernel.upstream.health.HealthCheckSettings}; every field may be absent.
 *
 * @param protocol what to check by: {@code "http"} or {@code "Http1"} for an HTTP request, {@code "tcp"} or
 *                 nothing for a TCP connect (an {@code http_check_config} also means HTTP)
 * @param timeout how long one check may take
 * @param interval the time between the end of one check of a host and the start of the next
 * @param intervalJitter a random extra wait, up to this long, added to each interval
 * @param initialDelaySeconds the wait before the first check: a duration string ({@code "5s"}) or a whole
 *                            number of seconds
 * @param healthyThreshold consecutive passed checks that make an unhealthy host healthy
 * @param unhealthyThreshold consecutive failed checks that make a healthy host unhealthy
 * @param serviceName a name for log lines
 * @param checkConfig the protocol's own settings
 * @param commonCallbacks MOSN's named callbacks; not supported, kept as written
 */
public record HealthCheckConfig(
        String protocol,
        Duration timeout,
        Duration interval,
        Duration intervalJitter,
        JsonNode initialDelaySeconds,
        Integer healthyThreshold,
        Integer unhealthyThreshold,
        String serviceName,
        CheckConfig checkConfig,
        JsonNode commonCallbacks) {

    /**
     * MOSN's {@code check_config}: settings of the check's protocol.
     *
     * @param httpCheckConfig the HTTP check's request and expected answer
     */
    public record CheckConfig(HttpCheckConfig httpCheckConfig) {
    }

    /**
     * MOSN's {@code http_check_config}.
     *
     * @param port the port to check instead of the host's
     * @param timeout how long one HTTP check may take, instead of the outer {@code timeout}
     * @param path the request path (and query)
     * @param method the request method
     * @param scheme {@code "http"}
     * @param domain the {@code Host} header; the checked address when absent
     * @param codes the statuses that pass; any 2xx when absent
     */
    public record HttpCheckConfig(Integer port, Duration timeout, String path, String method, String scheme,
            String domain, List<Integer> codes) {

        public HttpCheckConfig {
            codes = ConfigBinder.orEmpty(codes);
        }
    }
}
