package org.mosn4j.spi.upstream;

import java.util.Map;
import org.mosn4j.spi.network.Connection;

/**
 * What a load balancer may look at when it chooses a host. Implementations are per request or per
 * connection and used on the caller's event loop.
 */
public interface LoadBalancerContext {

    /** A context with nothing in it, for balancers that need nothing. */
    LoadBalancerContext NONE = new LoadBalancerContext() {
    };

    /**
     * The {@link #hashKey()} of a request that has none. A computed hash that happens to equal it is
     * replaced by another value, so the constant never stands for a real key.
     */
    long NO_HASH_KEY = 0L;

    /** @return the downstream connection the upstream request serves, or {@code null} */
    default Connection downstreamConnection() {
        return null;
    }

    /**
     * The key the consistent-hashing balancers ({@code LB_MAGLEV}, {@code LB_RING_HASH}) choose a host by: the
     * same key picks the same host while the cluster's hosts stay the same. The proxy computes it from the
     * route's {@code hash_policy}. Other balancers ignore it. Called on the caller's event loop, possibly more
     * than once per request (once per attempt); it must answer the same each time.
     *
     * @return a 64-bit hash of the request's affinity key, or {@link #NO_HASH_KEY} when it has none (the hash
     *         balancers then pick at random)
     */
    default long hashKey() {
        return NO_HASH_KEY;
    }

    /**
     * The host metadata the request asks for: the route's {@code metadata_match} under
     * {@code filter_metadata."mosn.lb"}, for a cluster with {@code lb_subset_config}. Clusters without subsets
     * ignore it.
     *
     * @return metadata keys and the values the chosen host must have; empty when the request asks for none
     */
    default Map<String, String> metadataMatch() {
        return Map.of();
    }
}
