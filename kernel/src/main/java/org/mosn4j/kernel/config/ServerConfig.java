package org.mosn4j.kernel.config;

import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/** One entry of {@code servers}: process-wide settings, listeners and routers. */
public record ServerConfig(
        String mosnServerName,
        String defaultLogPath,
        String defaultLogLevel,
        String globalLogRoller,
        Duration gracefulTimeout,
        Integer processor,
        List<ListenerConfig> listeners,
        List<RouterConfig> routers) {

    /** MOSN's default drain time on SIGTERM. */
    public static final Duration DEFAULT_GRACEFUL_TIMEOUT = Duration.ofSeconds(30);

    static final ServerConfig EMPTY = new ServerConfig(null, null, null, null, null, null, null, null);

    public ServerConfig {
        listeners = ConfigBinder.orEmpty(listeners);
        routers = ConfigBinder.orEmpty(routers);
    }

    /** @return {@code graceful_timeout}, or 30s when absent */
    public Duration effectiveGracefulTimeout() {
        return gracefulTimeout == null ? DEFAULT_GRACEFUL_TIMEOUT : gracefulTimeout;
    }
}
