package org.mosn4j.kernel.router;

import java.net.InetSocketAddress;
import java.util.Map;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * What a route tells the cluster's balancer about its requests: the {@code hash_policy} the hash key comes from,
 * and the host metadata ({@code metadata_match}) a subset-balanced cluster must match, per weighted cluster where
 * a {@code weighted_clusters} entry sets its own. Immutable.
 *
 * @param hashPolicy the route's hash policy
 * @param metadataMatch the route's {@code metadata_match}
 * @param byCluster the {@code metadata_match} of the {@code weighted_clusters} entries that set one, by cluster
 *        name (as MOSN looks them up)
 */
record BalancingPolicy(HashPolicy hashPolicy, Map<String, String> metadataMatch,
        Map<String, Map<String, String>> byCluster) {

    /** For routes that choose no cluster, and routes without hash policy or metadata match. */
    static final BalancingPolicy NONE = new BalancingPolicy(HashPolicy.NONE, Map.of(), Map.of());

    BalancingPolicy {
        metadataMatch = Map.copyOf(metadataMatch);
        byCluster = Map.copyOf(byCluster);
    }

    long hashKey(HeaderMap request, InetSocketAddress downstreamRemote) {
        return hashPolicy.hashKey(request, downstreamRemote);
    }

    /** @return the metadata the hosts of {@code clusterName} must have; the entry's own, else the route's */
    Map<String, String> metadataMatch(String clusterName) {
        Map<String, String> own = clusterName == null ? null : byCluster.get(clusterName);
        return own != null ? own : metadataMatch;
    }
}
