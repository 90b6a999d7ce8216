package org.mosn4j.kernel.upstream.pool;

import java.time.Duration;
import org.mosn4j.kernel.upstream.CircuitBreakers;

/**
 * Limits of the pools of one cluster.
 *
 * @param maxRequestsPerConnection streams one connection carries before it is closed; 0 for no limit
 * @param idleTimeout how long an unused connection is kept; zero to keep it
 * @param maxPendingStreams streams that may wait for a connection at once per pool
 * @param breakers the cluster's caps on connections and waiting requests, shared by all its pools
 */
public record PoolSettings(int maxRequestsPerConnection, Duration idleTimeout, int maxPendingStreams,
        CircuitBreakers breakers) {

    /** Idle time of unused upstream connections when a cluster sets no {@code idle_timeout}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(90);
    /** Default bound on streams waiting for a connection. */
    public static final int DEFAULT_MAX_PENDING = 1024;

    /** Settings with no circuit breaker. */
    public PoolSettings(int maxRequestsPerConnection, Duration idleTimeout, int maxPendingStreams) {
        this(maxRequestsPerConnection, idleTimeout, maxPendingStreams, CircuitBreakers.NONE);
    }
}
