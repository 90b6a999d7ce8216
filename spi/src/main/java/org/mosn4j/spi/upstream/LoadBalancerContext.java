package org.mosn4j.spi.upstream;

import org.mosn4j.spi.network.Connection;

/**
 * What a load balancer may look at when it chooses a host. Implementations are per request or per
 * connection and used on the caller's event loop.
 */
public interface LoadBalancerContext {

    /** A context with nothing in it, for balancers that need nothing. */
    LoadBalancerContext NONE = new LoadBalancerContext() {
    };

    /** @return the downstream connection the upstream request serves, or {@code null} */
    default Connection downstreamConnection() {
        return null;
    }
}
