package org.mosn4j.spi.upstream;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One upstream host of a cluster. Its config is immutable; only its health (see the cluster's
 * {@code health_check}) and ejection state (see {@link Cluster#enableHostEjection}) change. Safe to share
 * across threads.
 */
public interface Host {

    /** @return the address as configured, {@code "ip:port"} */
    String address();

    /** @return the resolved socket address */
    InetSocketAddress socketAddress();

    /** @return the host name from config, or the address when none was given */
    String hostname();

    /** @return the load-balancing weight, at least 1 */
    int weight();

    /** @return the host's string metadata, empty when none */
    Map<String, String> metadata();

    /** @return the name of the cluster the host belongs to */
    String clusterName();

    /** @return whether the host is ejected from load balancing for now (see {@link HostEjectionPolicy}) */
    default boolean ejected() {
        return false;
    }

    /** @return whether the cluster's health check last found the host healthy; true when nothing checks it */
    default boolean healthy() {
        return true;
    }
}
