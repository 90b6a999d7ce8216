package org.mosn4j.kernel.upstream;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.network.UpstreamConnection;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.Host;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/** A {@code SIMPLE} or {@code STATIC} cluster: a fixed list of hosts from config. Immutable. */
final class StaticCluster implements Cluster {

    private final String name;
    private final List<DefaultHost> hosts;
    private final LoadBalancer loadBalancer;
    private final Transport transport;
    private final Duration connectTimeout;
    private final int bufferLimitBytes;
    private final ConnectionCounters counters;

    StaticCluster(String name, List<DefaultHost> hosts, LoadBalancer loadBalancer, Transport transport,
            Duration connectTimeout, int bufferLimitBytes, ConnectionCounters counters) {
        this.name = name;
        this.hosts = List.copyOf(hosts);
        this.loadBalancer = loadBalancer;
        this.transport = transport;
        this.connectTimeout = connectTimeout;
        this.bufferLimitBytes = bufferLimitBytes;
        this.counters = counters;
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
                counters, own.counters());
    }

    List<DefaultHost> hosts() {
        return hosts;
    }

    ConnectionCounters counters() {
        return counters;
    }
}
