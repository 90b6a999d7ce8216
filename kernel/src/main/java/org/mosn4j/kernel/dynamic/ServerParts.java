package org.mosn4j.kernel.dynamic;

import io.netty.channel.EventLoopGroup;
import java.util.List;
import org.mosn4j.kernel.metrics.PrometheusMetrics;
import org.mosn4j.kernel.network.ConnectionTracker;
import org.mosn4j.kernel.network.KernelServices;
import org.mosn4j.kernel.network.Listener;
import org.mosn4j.kernel.network.ListenerSpec;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.stats.StatsRegistry;
import org.mosn4j.kernel.upstream.health.HealthCheckService;

/**
 * The parts of a running server a config change touches.
 *
 * @param transport the socket transport
 * @param workers the event loops listeners serve on
 * @param connections every downstream connection, for the server's own drain
 * @param services the live clusters, router tables, pools and tracer
 * @param stats the stats registry
 * @param metrics the Prometheus metrics
 * @param healthChecks the health checks
 * @param listeners the server's listeners (thread-safe list, shared with the server)
 * @param retiredSpecs specs replaced or removed, whose access logs close when the server stops (thread-safe)
 */
public record ServerParts(
        Transport transport,
        EventLoopGroup workers,
        ConnectionTracker connections,
        KernelServices services,
        StatsRegistry stats,
        PrometheusMetrics metrics,
        HealthCheckService healthChecks,
        List<Listener> listeners,
        List<ListenerSpec> retiredSpecs) {
}
