package org.mosn4j.kernel.upstream;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * {@code LB_RING_HASH}: consistent hashing on a ring (ketama style). Each host is placed on a 64-bit ring at
 * {@value #POINTS_PER_HOST} points scaled by its weight relative to the heaviest host's (at least one point;
 * fewer per host when the cluster is large, so the ring stays under {@value #MAX_POINTS} points), each point
 * the xxHash64 of {@code "address_i"}. A request's {@link LoadBalancerContext#hashKey() hash key} goes to the
 * first point at or after it, wrapping around. When a host leaves, only the keys on its arcs move.
 *
 * <p>The ring is built once per host set; a pick is a binary search over a sorted array: no lock, no allocation.
 * A request without a hash key lands on a random point, which is a weighted random pick.
 */
final class RingHashLoadBalancer implements LoadBalancer {

    static final int POINTS_PER_HOST = 1024;
    static final int MAX_POINTS = 1 << 18;

    private final long[] points;
    private final DefaultHost[] owners;

    /**
     * @param hosts the hosts
     * @param weights each host's weight, at least 1
     */
    RingHashLoadBalancer(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        int n = hosts.size();
        int[] weight = new int[n];
        int maxWeight = 1;
        for (int i = 0; i < n; i++) {
            weight[i] = weights.applyAsInt(hosts.get(i));
            maxWeight = Math.max(maxWeight, weight[i]);
        }
        int perHost = n == 0 ? 0 : Math.max(1, Math.min(POINTS_PER_HOST, MAX_POINTS / n));
        int total = 0;
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            count[i] = (int) Math.max(1, Math.round((double) perHost * weight[i] / maxWeight));
            total += count[i];
        }
        long[] hashes = new long[total];
        int[] hostOf = new int[total];
        int p = 0;
        for (int i = 0; i < n; i++) {
            String prefix = hosts.get(i).address() + "_";
            for (int j = 0; j < count[i]; j++, p++) {
                String point = prefix + j;
                hashes[p] = XxHash64.hash(point, 0, point.length(), 0);
                hostOf[p] = i;
            }
        }
        Integer[] order = new Integer[total];
        for (int k = 0; k < total; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(hashes[a], hashes[b]));
        points = new long[total];
        owners = new DefaultHost[total];
        for (int k = 0; k < total; k++) {
            points[k] = hashes[order[k]];
            owners[k] = hosts.get(hostOf[order[k]]);
        }
    }

    @Override
    public DefaultHost choose(LoadBalancerContext context) {
        if (points.length == 0) {
            return null;
        }
        long key = context.hashKey();
        if (key == LoadBalancerContext.NO_HASH_KEY) {
            key = ThreadLocalRandom.current().nextLong();
        }
        int at = Arrays.binarySearch(points, key);
        if (at < 0) {
            at = -at - 1;
        }
        return owners[at == points.length ? 0 : at];
    }
}
