package org.mosn4j.kernel.upstream;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.network.UpstreamConnection;
import org.mosn4j.kernel.network.tls.UpstreamTls;
import org.mosn4j.kernel.stats.EjectionCounters;
import org.mosn4j.kernel.stats.HealthCounters;
import org.mosn4j.kernel.stats.UpstreamStats;
import org.mosn4j.kernel.upstream.health.HealthCheckSettings;
import org.mosn4j.kernel.upstream.pool.PoolSettings;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.Host;
import org.mosn4j.spi.upstream.HostEjectionPolicy;
import org.mosn4j.spi.upstream.LoadBalancerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code SIMPLE} or {@code STATIC} cluster: a fixed list of hosts from config. Its config is immutable; the
 * balancer is replaced (one volatile write) whenever a host fails or passes its health check or is ejected or
 * returns (see {@link #refreshHosts()}), so a pick reads one volatile field and takes no lock.
 */
public final class StaticCluster implements Cluster {

    private static final Logger LOG = LoggerFactory.getLogger(StaticCluster.class);

    private final String name;
    /** Replaced whole by {@link #updateHosts}; guarded by this for writes. */
    private volatile List<DefaultHost> hosts;
    private final LoadBalancerFactory lbType;
    private final boolean tracksLatency;
    private final Transport transport;
    private final Duration connectTimeout;
    private final int bufferLimitBytes;
    private final UpstreamStats stats;
    private final EjectionCounters ejections = new EjectionCounters();
    private final HealthCounters health = new HealthCounters();
    private final PoolSettings poolSettings;
    /** The cluster's TLS ({@code tls_context}), or null for plaintext. */
    private final UpstreamTls tls;
    /** The cluster's {@code health_check}, or null when it has none. */
    private final HealthCheckSettings healthCheck;
    private volatile LoadBalancer loadBalancer;
    private HostEjector ejector;
    /** Guarded by this: whether the last refresh found no healthy host and balanced over all of them. */
    private boolean panic;

    StaticCluster(String name, List<DefaultHost> hosts, LoadBalancerFactory lbType, Transport transport,
            Duration connectTimeout, int bufferLimitBytes, UpstreamStats stats, PoolSettings poolSettings,
            UpstreamTls tls, HealthCheckSettings healthCheck) {
        this.name = name;
        this.hosts = List.copyOf(hosts);
        this.lbType = lbType;
        this.tracksLatency = lbType.usesLatency();
        this.transport = transport;
        this.connectTimeout = connectTimeout;
        this.bufferLimitBytes = bufferLimitBytes;
        this.stats = stats;
        this.poolSettings = poolSettings;
        this.tls = tls;
        this.healthCheck = healthCheck;
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
        ejector = new HostEjector(name, hosts, policy, available -> refreshHosts(), ejections,
                System::nanoTime);
        ejector.start();
    }

    /**
     * Rebuilds the balancer over the hosts that are healthy and not ejected. When none is, it balances over the
     * healthy ones (host ejection's own limit), and when no host is healthy, over all of them (panic mode):
     * traffic is spread rather than refused. Call after a host's health or ejection state changed.
     */
    public synchronized void refreshHosts() {
        List<DefaultHost> available = new ArrayList<>(hosts.size());
        List<DefaultHost> healthy = new ArrayList<>(hosts.size());
        for (DefaultHost host : hosts) {
            if (host.healthy()) {
                healthy.add(host);
                if (!host.ejected()) {
                    available.add(host);
                }
            }
        }
        if (available.isEmpty()) {
            available = healthy;
        }
        boolean nowPanic = available.isEmpty() && !hosts.isEmpty();
        if (nowPanic) {
            available = hosts;
            if (!panic) {
                health.panicked();
                LOG.warn("cluster {}: no host is healthy; balancing over all {} hosts until one passes its check",
                        name, hosts.size());
            }
        } else if (panic) {
            LOG.info("cluster {}: {} of {} hosts healthy again; panic mode over", name, healthy.size(), hosts.size());
        }
        panic = nowPanic;
        loadBalancer = lbType.create(available);
    }

    /** @return whether no host is healthy and the cluster balances over all of them */
    public synchronized boolean panicking() {
        return panic;
    }

    /** @return the cluster's active health check settings, or null when it has no {@code health_check} */
    public HealthCheckSettings healthCheck() {
        return healthCheck;
    }

    /**
     * Replaces the hosts (an endpoint update). A host whose address, name, weight and metadata stay is kept as the
     * same object, with its stats, health, ejection state and pooled connections; the others are new. Host
     * ejection, when on, judges the new list from now on. The balancer is rebuilt at once.
     *
     * @param next the new hosts, built for this cluster
     * @return the hosts that are no longer in the cluster
     */
    public synchronized List<DefaultHost> updateHosts(List<DefaultHost> next) {
        List<DefaultHost> kept = new ArrayList<>(next.size());
        List<DefaultHost> removed = new ArrayList<>(hosts);
        int fresh = 0;
        for (DefaultHost candidate : next) {
            DefaultHost same = null;
            for (DefaultHost old : removed) {
                if (old.sameAs(candidate)) {
                    same = old;
                    break;
                }
            }
            if (same != null) {
                removed.remove(same);
                kept.add(same);
            } else {
                kept.add(candidate);
                fresh++;
            }
        }
        hosts = List.copyOf(kept);
        if (ejector != null) {
            ejector = new HostEjector(name, hosts, ejector.policy(), available -> refreshHosts(), ejections,
                    System::nanoTime);
            ejector.start();
        }
        refreshHosts();
        LOG.info("cluster {}: hosts updated: {} host(s), {} new, {} removed", name, hosts.size(), fresh,
                removed.size());
        return removed;
    }

    /** @return the cluster's health check counts */
    public HealthCounters health() {
        return health;
    }

    /** @return every host of the cluster, as configured */
    public List<DefaultHost> hosts() {
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

    /**
     * Records how long an attempt to {@code host} took, when the cluster's balancer weighs latency (else nothing).
     *
     * @param host the host
     * @param nanos the attempt's duration
     * @param ok whether it ended with a response
     */
    public void recordLatency(DefaultHost host, long nanos, boolean ok) {
        if (tracksLatency) {
            host.recordLatency(nanos, ok);
        }
    }

    /** @return the cluster's {@code circuit_breakers} */
    public CircuitBreakers circuitBreakers() {
        return poolSettings.breakers();
    }

    /** @return the limits of this cluster's connection pools */
    public PoolSettings poolSettings() {
        return poolSettings;
    }
}
