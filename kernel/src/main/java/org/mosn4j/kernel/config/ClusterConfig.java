package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/** One entry of {@code cluster_manager.clusters}; {@code tls_context} makes its connections TLS. */
public record ClusterConfig(
        String name,
        String type,
        String subType,
        String lbType,
        Integer maxRequestPerConn,
        Integer connBufferLimitBytes,
        Duration connectTimeout,
        Duration idleTimeout,
        JsonNode circuitBreakers,
        HealthCheckConfig healthCheck,
        LbSubsetConfig lbSubsetConfig,
        SlowStartConfig slowStart,
        TlsContextConfig tlsContext,
        List<HostConfig> hosts) {

    /** Connect timeout when a cluster sets none (MOSN's default). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    public ClusterConfig {
        hosts = ConfigBinder.orEmpty(hosts);
    }

    /** @return {@code connect_timeout}, or 3s when absent */
    public Duration effectiveConnectTimeout() {
        return connectTimeout == null || connectTimeout.isZero() ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    }

    /** @return the write high watermark for upstream connections */
    public int bufferLimitBytes() {
        return connBufferLimitBytes == null || connBufferLimitBytes <= 0
                ? ListenerConfig.DEFAULT_BUFFER_LIMIT : connBufferLimitBytes;
    }
}
