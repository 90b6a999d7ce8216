package org.mosn4j.kernel.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * {@code LB_MAGLEV}: consistent hashing by a lookup table (Google's Maglev, as Envoy and MOSN build it). Each
 * host walks its own permutation of the table's slots, taking the next free one in turn, until the table is
 * full; a host of weight w takes a turn w times for every maxWeight turns of the heaviest host, so its share of
 * slots, and of keys, follows its weight. A request's {@link LoadBalancerContext#hashKey() hash key} picks slot
 * {@code key mod 65537}. When a host leaves, its slots go to the others and most other slots keep their host.
 *
 * <p>The table is built once per host set (the cluster rebuilds its balancer when hosts come and go), and a pick
 * is one array read: no lock, no allocation. A request without a hash key gets a random slot, which is a
 * weighted random pick.
 */
final class MaglevLoadBalancer implements LoadBalancer {

    /** The table size: a prime, so every skip walks all slots; Envoy's and MOSN's default. */
    static final int TABLE_SIZE = 65537;

    private final DefaultHost[] table;

    /**
     * @param hosts the hosts, at most {@link #TABLE_SIZE}
     * @param weights each host's weight, at least 1
     */
    MaglevLoadBalancer(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        if (hosts.isEmpty()) {
            table = new DefaultHost[0];
            return;
        }
        if (hosts.size() > TABLE_SIZE) {
            throw new IllegalArgumentException("LB_MAGLEV balances over at most " + TABLE_SIZE + " hosts, got "
                    + hosts.size());
        }
        int n = hosts.size();
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        long[] weight = new long[n];
        long[] credit = new long[n];
        long maxWeight = 1;
        for (int i = 0; i < n; i++) {
            String name = hosts.get(i).address();
            offset[i] = Long.remainderUnsigned(XxHash64.hash(name, 0, name.length(), 0), TABLE_SIZE);
            skip[i] = Long.remainderUnsigned(XxHash64.hash(name, 0, name.length(), 1), TABLE_SIZE - 1) + 1;
            weight[i] = weights.applyAsInt(hosts.get(i));
            maxWeight = Math.max(maxWeight, weight[i]);
        }
        DefaultHost[] slots = new DefaultHost[TABLE_SIZE];
        int filled = 0;
        while (filled < TABLE_SIZE) {
            for (int i = 0; i < n && filled < TABLE_SIZE; i++) {
                credit[i] += weight[i];
                if (credit[i] < maxWeight) {
                    continue;
                }
                credit[i] -= maxWeight;
                int slot = (int) ((offset[i] + skip[i] * next[i]) % TABLE_SIZE);
                while (slots[slot] != null) {
                    next[i]++;
                    slot = (int) ((offset[i] + skip[i] * next[i]) % TABLE_SIZE);
                }
                slots[slot] = hosts.get(i);
                next[i]++;
                filled++;
            }
        }
        table = slots;
    }

    @Override
    public DefaultHost choose(LoadBalancerContext context) {
        if (table.length == 0) {
            return null;
        }
        long key = context.hashKey();
        int slot = key == LoadBalancerContext.NO_HASH_KEY ? ThreadLocalRandom.current().nextInt(TABLE_SIZE)
                : (int) Long.remainderUnsigned(key, TABLE_SIZE);
        return table[slot];
    }
}
