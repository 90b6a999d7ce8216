package org.mosn4j.kernel.upstream;

import java.util.List;

/**
 * Builds a cluster's balancer over the hosts available now. The cluster calls it when it starts and again, under
 * its lock, whenever the available hosts change ({@link StaticCluster#refreshHosts()}), and publishes the result
 * with one volatile write; so the balancer itself is immutable apart from its own atomics.
 */
interface LoadBalancerFactory {

    /**
     * @param hosts the hosts to balance over, in config order; may be empty
     * @return a balancer over them
     */
    LoadBalancer create(List<DefaultHost> hosts);

    /** @return whether the balancers read the hosts' latency averages, which are only kept when they do */
    default boolean usesLatency() {
        return false;
    }
}
