package org.mosn4j.kernel.upstream;

import org.mosn4j.spi.upstream.LoadBalancerContext;

/** Picks one of a cluster's hosts. Implementations are thread-safe and take no lock. */
interface LoadBalancer {

    /**
     * @param context what the balancer may look at
     * @return a host, or null when there are none
     */
    DefaultHost choose(LoadBalancerContext context);
}
