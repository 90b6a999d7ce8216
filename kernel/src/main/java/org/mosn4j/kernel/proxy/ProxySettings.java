package org.mosn4j.kernel.proxy;

import java.util.List;
import java.util.Map;
import org.mosn4j.kernel.accesslog.AccessLog;
import org.mosn4j.kernel.router.RouterTable;
import org.mosn4j.kernel.router.RouterTables;
import org.mosn4j.kernel.stats.ListenerStats;
import org.mosn4j.kernel.tracing.Tracer;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.pool.UpstreamPools;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.stream.StreamFilterInstaller;

/**
 * One configured {@code proxy} filter, shared by all its connections and streams. Immutable.
 *
 * @param listenerName the listener, for logs
 * @param downstreamProtocols the protocol, or for {@code Auto} every installed protocol in detection order
 * @param detectProtocol whether to pick among {@code downstreamProtocols} by the first bytes ({@code Auto})
 * @param upstreamProtocol the upstream protocol, or null for "same as downstream"
 * @param protocolsByName every installed protocol, for route-level {@code upstream_protocol}
 * @param routers the router tables, looked up by {@code routerName} for each stream so a config change of the
 *        routes reaches new streams at once
 * @param routerName the {@code router_config_name}
 * @param clusters the clusters
 * @param pools the upstream connection pools
 * @param streamFilters the listener's stream filter installers, in config order
 * @param accessLogs the listener's access logs
 * @param stats the listener's stats
 * @param tracer trace context propagation, {@link Tracer#OFF} when tracing is off
 */
record ProxySettings(
        String listenerName,
        List<Protocol> downstreamProtocols,
        boolean detectProtocol,
        Protocol upstreamProtocol,
        Map<String, Protocol> protocolsByName,
        RouterTables routers,
        String routerName,
        DefaultClusterManager clusters,
        UpstreamPools pools,
        List<StreamFilterInstaller> streamFilters,
        List<AccessLog> accessLogs,
        ListenerStats stats,
        Tracer tracer) {

    /** @return the router table now in force, or null when a config change removed it */
    RouterTable router() {
        return routers.get(routerName);
    }

    /** Largest request body kept for a retry; a longer request is not retried. */
    static final int RETRY_BUFFER_LIMIT = 1024 * 1024;
    /** How often one request is sent again after upstreams refused it unprocessed (GOAWAY, REFUSED_STREAM). */
    static final int MAX_REFUSED_REPLAYS = 3;
    /** Request body bytes queued while the upstream connection is being set up before reading pauses. */
    static final int PENDING_BODY_LIMIT = 64 * 1024;
}
