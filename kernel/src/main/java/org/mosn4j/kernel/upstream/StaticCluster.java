package org.mosn4j.kernel.upstream;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.network.UpstreamConnection;
import org.mosn4j.kernel.stats.UpstreamStats;
import org.mosn4j.kernel.upstream.pool.PoolSettings;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.Host;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/** A {@code SIMPLE} or {@code STATIC} cluster: a fixed list of hosts from config. Immutable. */
public final class StaticCluster implements Cluster {

    private final String name;
    private final List<DefaultHost> hosts;
    private final LoadBalancer loadBalancer;
    private final Transport transport;
    private final Duration connectTimeout;
    private final int bufferLimitBytes;
    private final UpstreamStats stats;
    private final PoolSettings poolSettings;

    StaticCluster(String name, List<DefaultHost> hosts, LoadBalancer loadBalancer, Transport transport,
            Duration connectTimeout, int bufferLimitBytes, UpstreamStats stats, PoolSettings poolSettings) {
        this.name = name;
        this.hosts = List.copyOf(hosts);
        this.loadBalancer = loadBalancer;
        this.transport = transport;
        this.connectTimeout = connectTimeout;
        this.bufferLimitBytes = bufferLimitBytes;
        this.stats = stats;
        this.poolSettings = poolSettings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Host chooseHost(LoadBalancerContext context) {
        return loadBalancer.choose(context);
    }

    @Override
    public ClientConnection newConnection(Host host, EventLoop eventLoop) {
        if (!(host instanceof DefaultHost own) || !own.clusterName().equals(name)) {
            throw new IllegalArgumentException("host " + host.address() + " is not a host of cluster " + name);
        }
        return new UpstreamConnection(transport, eventLoop, own.socketAddress(), connectTimeout, bufferLimitBytes,
                stats.connections(), own.stats().connections());
    }

    List<DefaultHost> hosts() {
        return hosts;
    }

    /** @return the cluster's connection and request stats */
    public UpstreamStats stats() {
        return stats;
    }

    /** @return the limits of this cluster's connection pools */
    public PoolSettings poolSettings() {
        return poolSettings;
    }
}
