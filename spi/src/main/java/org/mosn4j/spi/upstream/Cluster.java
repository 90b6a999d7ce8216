package org.mosn4j.spi.upstream;

import io.netty.channel.EventLoop;
import org.mosn4j.spi.network.ClientConnection;

/**
 * A named group of upstream hosts with a load balancer, as configured in {@code cluster_manager.clusters}.
 *
 * <p>Thread-safe. A cluster object is a snapshot: when config changes, a new one replaces it in the
 * {@link ClusterManager}, and holders of the old one keep working with it.
 */
public interface Cluster {

    /** @return the cluster's name */
    String name();

    /**
     * Picks a host with the cluster's {@code lb_type}.
     *
     * @param context what the balancer may look at
     * @return a host, or {@code null} when the cluster has none
     */
    Host chooseHost(LoadBalancerContext context);

    /**
     * Creates an unconnected connection to a host of this cluster, owned by {@code eventLoop} (normally the
     * downstream connection's, so both sides run on one thread). The cluster's {@code connect_timeout} and
     * {@code conn_buffer_limit_bytes} apply, and the connection is counted in the cluster's stats.
     *
     * @param host a host chosen from this cluster
     * @param eventLoop the event loop to own the connection
     * @return the connection; add filters and callbacks, then {@link ClientConnection#connect()}
     */
    ClientConnection newConnection(Host host, EventLoop eventLoop);

    /**
     * Turns on host ejection: from now on the outcome of every attempt to send a request to one of this
     * cluster's hosts is judged by {@code policy}, and ejected hosts are left out of load balancing until they
     * return. Calling it again with an equal policy changes nothing. Thread-safe; meant for startup.
     *
     * @param policy when to eject and for how long
     * @throws IllegalStateException when the cluster already ejects hosts by a different policy
     * @throws UnsupportedOperationException when this kind of cluster cannot eject hosts
     */
    default void enableHostEjection(HostEjectionPolicy policy) {
        throw new UnsupportedOperationException("cluster " + name() + " cannot eject hosts");
    }
}
