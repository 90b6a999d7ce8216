package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.List;
import java.util.Set;

/**
 * Translates a cluster's {@code health_checks} into MOSN's {@code health_check}: the first HTTP or TCP check, with
 * its timeout, interval, jitter and thresholds; for HTTP its path, host ({@code domain}), method, {@code alt_port}
 * ({@code port}) and expected statuses ({@code codes}, Envoy's half-open ranges expanded). gRPC and custom checks,
 * and the checks after the first, are noted and left out.
 */
final class HealthCheckTranslator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> HEALTH_CHECK_FIELDS = Set.of("timeout", "interval", "interval_jitter",
            "healthy_threshold", "unhealthy_threshold", "http_health_check", "tcp_health_check", "alt_port");
    private static final Set<String> HTTP_HEALTH_CHECK_FIELDS = Set.of("host", "path", "expected_statuses", "method");

    private HealthCheckTranslator() {
    }

    /**
     * @param checks the cluster's {@code health_checks}
     * @param site the cluster
     * @return MOSN's {@code health_check}, or null when no check can be translated
     */
    static ObjectNode translate(List<HealthCheck> checks, Site site) {
        ObjectNode chosen = null;
        for (int i = 0; i < checks.size(); i++) {
            HealthCheck check = checks.get(i);
            String path = "health_checks[" + i + "]";
            if (chosen != null) {
                site.ignored(path, "only the first HTTP or TCP health check is used");
                continue;
            }
            if (!check.hasHttpHealthCheck() && !check.hasTcpHealthCheck()) {
                site.ignored(path, "only HTTP and TCP health checks are supported");
                continue;
            }
            site.unhandled(path, check, HEALTH_CHECK_FIELDS);
            ObjectNode out = JSON.objectNode();
            if (check.hasHttpHealthCheck()) {
                out.put("protocol", "http");
                out.set("check_config", JSON.objectNode().set("http_check_config",
                        httpCheck(check, site, path + ".http_health_check")));
            } else {
                out.put("protocol", "tcp");
                if (check.getTcpHealthCheck().hasSend() || check.getTcpHealthCheck().getReceiveCount() > 0) {
                    site.ignored(path + ".tcp_health_check", "payloads are not sent; a TCP check connects");
                }
                if (check.hasAltPort()) {
                    site.ignored(path + ".alt_port", "a TCP check connects to the host's port");
                }
            }
            if (check.hasTimeout()) {
                out.put("timeout", ProtoValues.goDuration(check.getTimeout()));
            }
            if (check.hasInterval()) {
                out.put("interval", ProtoValues.goDuration(check.getInterval()));
            }
            if (check.hasIntervalJitter()) {
                out.put("interval_jitter", ProtoValues.goDuration(check.getIntervalJitter()));
            }
            if (check.hasHealthyThreshold()) {
                out.put("healthy_threshold", check.getHealthyThreshold().getValue());
            }
            if (check.hasUnhealthyThreshold()) {
                out.put("unhealthy_threshold", check.getUnhealthyThreshold().getValue());
            }
            chosen = out;
        }
        return chosen;
    }

    private static ObjectNode httpCheck(HealthCheck check, Site site, String path) {
        HealthCheck.HttpHealthCheck http = check.getHttpHealthCheck();
        site.unhandled(path, http, HTTP_HEALTH_CHECK_FIELDS);
        ObjectNode out = JSON.objectNode();
        if (!http.getPath().isEmpty()) {
            out.put("path", http.getPath());
        }
        if (!http.getHost().isEmpty()) {
            out.put("domain", http.getHost());
        }
        if (http.getMethod() != RequestMethod.METHOD_UNSPECIFIED && http.getMethod() != RequestMethod.UNRECOGNIZED) {
            out.put("method", http.getMethod().name());
        }
        if (check.hasAltPort()) {
            out.put("port", check.getAltPort().getValue());
        }
        if (http.getExpectedStatusesCount() > 0) {
            ArrayNode codes = out.putArray("codes");
            for (Int64Range range : http.getExpectedStatusesList()) {
                // Envoy's ranges are half-open, [start, end).
                for (long code = Math.max(100, range.getStart()); code < Math.min(600, range.getEnd()); code++) {
                    codes.add((int) code);
                }
            }
        }
        return out;
    }
}
