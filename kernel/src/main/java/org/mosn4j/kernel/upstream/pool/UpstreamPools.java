package org.mosn4j.kernel.upstream.pool;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.Host;

/**
 * Every connection pool of the process, one set per event loop. Asking for a pool on an event loop other
 * than the caller's is an error: pools are confined to their loop.
 */
public final class UpstreamPools {

    private final Map<EventLoop, Map<PoolKey, ConnectionPool>> byLoop = new ConcurrentHashMap<>();

    private record PoolKey(String cluster, String host, String protocol) {
    }

    /**
     * @param eventLoop the caller's event loop
     * @param cluster the host's cluster
     * @param host the host
     * @param protocol the upstream protocol
     * @param settings the cluster's pool limits (used when the pool is created)
     * @return the pool
     */
    public ConnectionPool pool(EventLoop eventLoop, Cluster cluster, Host host, Protocol protocol, PoolSettings settings) {
        if (!eventLoop.inEventLoop()) {
            throw new IllegalStateException("a connection pool is used only on its own event loop");
        }
        Map<PoolKey, ConnectionPool> pools = byLoop.computeIfAbsent(eventLoop, loop -> new HashMap<>());
        return pools.computeIfAbsent(new PoolKey(cluster.name(), host.address(), protocol.type()),
                key -> new ConnectionPool(eventLoop, cluster, host, protocol, settings));
    }

    /**
     * Retires the pools of a cluster's hosts, on each pool's event loop: new streams get new pools (built for the
     * cluster now in force), idle connections close at once and busy ones once their streams are done.
     *
     * @param cluster the cluster name
     * @param hosts which host addresses to retire
     */
    public void retire(String cluster, Predicate<String> hosts) {
        byLoop.forEach((loop, pools) -> loop.execute(() -> pools.entrySet().removeIf(entry -> {
            boolean retire = entry.getKey().cluster().equals(cluster) && hosts.test(entry.getKey().host());
            if (retire) {
                entry.getValue().retire();
            }
            return retire;
        })));
    }

    /** Closes every pooled connection, each on its own event loop. */
    public void closeAll() {
        byLoop.forEach((loop, pools) -> loop.execute(() -> pools.values().forEach(ConnectionPool::closeAll)));
    }
}
