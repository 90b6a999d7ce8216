package org.mosn4j.kernel.upstream;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.network.UpstreamConnection;
import org.mosn4j.kernel.network.tls.UpstreamTls;
import org.mosn4j.kernel.stats.EjectionCounters;
import org.mosn4j.kernel.stats.UpstreamStats;
import org.mosn4j.kernel.upstream.pool.PoolSettings;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.Host;
import org.mosn4j.spi.upstream.HostEjectionPolicy;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * A {@code SIMPLE} or {@code STATIC} cluster: a fixed list of hosts from config. Its config is immutable; with
 * host ejection on, the balancer is replaced (one volatile write) whenever a host is ejected or returns, so a
 * pick reads one volatile field and takes no lock.
 */
public final class StaticCluster implements Cluster {

    private final String name;
    private final List<DefaultHost> hosts;
    private final LoadBalancerType lbType;
    private final Transport transport;
    private final Duration connectTimeout;
    private final int bufferLimitBytes;
    private final UpstreamStats stats;
    private final EjectionCounters ejections = new EjectionCounters();
    private final PoolSettings poolSettings;
    /** The cluster's TLS ({@code tls_context}), or null for plaintext. */
    private final UpstreamTls tls;
    private volatile LoadBalancer loadBalancer;
    private HostEjector ejector;

    StaticCluster(String name, List<DefaultHost> hosts, LoadBalancerType lbType, Transport transport,
            Duration connectTimeout, int bufferLimitBytes, UpstreamStats stats, PoolSettings poolSettings,
            UpstreamTls tls) {
        this.name = name;
        this.hosts = List.copyOf(hosts);
        this.lbType = lbType;
        this.transport = transport;
        this.connectTimeout = connectTimeout;
        this.bufferLimitBytes = bufferLimitBytes;
        this.stats = stats;
        this.poolSettings = poolSettings;
        this.tls = tls;
        this.loadBalancer = lbType.create(this.hosts);
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
                tls != null && tls.appliesTo(own.address()) ? tls : null, stats.connections(), own.stats().connections());
    }

    @Override
    public synchronized void enableHostEjection(HostEjectionPolicy policy) {
        if (ejector != null) {
            if (!ejector.policy().equals(policy)) {
                throw new IllegalStateException("cluster " + name + " already ejects hosts by different settings");
            }
            return;
        }
        ejector = new HostEjector(name, hosts, policy, available -> loadBalancer = lbType.create(available), ejections,
                System::nanoTime);
        ejector.start();
    }

    List<DefaultHost> hosts() {
        return hosts;
    }

    /** @return the cluster's connection and request stats */
    public UpstreamStats stats() {
        return stats;
    }

    /** @return the cluster's host ejection counts */
    public EjectionCounters ejections() {
        return ejections;
    }

    /** @return the limits of this cluster's connection pools */
    public PoolSettings poolSettings() {
        return poolSettings;
    }
}
