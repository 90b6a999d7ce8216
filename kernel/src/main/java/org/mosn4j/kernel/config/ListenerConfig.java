package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * One entry of {@code servers[0].listeners}. {@code inspector} lets a listener whose filter chains use TLS take
 * plaintext connections on the same port too (told apart by their first byte). {@code max_connections} is a
 * mosn4j extension (MOSN has no such key): the most connections open at once, 0 or absent for no limit.
 */
public record ListenerConfig(
        String name,
        String type,
        String address,
        Boolean bindPort,
        Boolean reuseport,
        String network,
        Boolean useOriginalDst,
        List<JsonNode> accessLogs,
        JsonNode listenerFilters,
        List<FilterChainConfig> filterChains,
        List<FilterConfig> streamFilters,
        Boolean inspector,
        Duration connectionIdleTimeout,
        Integer defaultReadBufferSize,
        Integer perConnectionBufferLimitBytes,
        String logPath,
        String logLevel,
        Integer maxConnections) {

    /** MOSN's fixed per-connection buffer limit, used as the write high watermark. */
    public static final int DEFAULT_BUFFER_LIMIT = 32 * 1024;

    public ListenerConfig {
        accessLogs = ConfigBinder.orEmpty(accessLogs);
        filterChains = ConfigBinder.orEmpty(filterChains);
        streamFilters = ConfigBinder.orEmpty(streamFilters);
    }

    /** @return whether to bind the port; MOSN's {@code bind_port}, true when absent */
    public boolean bindsPort() {
        return bindPort == null || bindPort;
    }

    /** @return the most connections open at once; 0 for no limit */
    public int maxOpenConnections() {
        return maxConnections == null ? 0 : maxConnections;
    }

    /** @return the write high watermark for accepted connections */
    public int bufferLimitBytes() {
        return perConnectionBufferLimitBytes == null || perConnectionBufferLimitBytes <= 0
                ? DEFAULT_BUFFER_LIMIT : perConnectionBufferLimitBytes;
    }
}
