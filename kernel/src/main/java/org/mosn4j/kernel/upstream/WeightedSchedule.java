package org.mosn4j.kernel.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Unrolls smooth weighted round robin into one cycle, so picking needs only a counter. */
final class WeightedSchedule {

    private WeightedSchedule() {
    }

    /**
     * @param hosts the hosts
     * @param weights each host's weight, at least 1
     * @return a cycle in which each host appears in proportion to its weight, spread out; weights are divided by
     *         their greatest common divisor first, so the cycle has sum(weights) / gcd picks
     */
    static List<DefaultHost> build(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        int n = hosts.size();
        long[] weight = new long[n];
        long gcd = 0;
        for (int i = 0; i < n; i++) {
            weight[i] = weights.applyAsInt(hosts.get(i));
            gcd = gcd(gcd, weight[i]);
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            weight[i] /= gcd;
            total += (int) weight[i];
        }
        long[] current = new long[n];
        List<DefaultHost> cycle = new ArrayList<>(total);
        for (int pick = 0; pick < total; pick++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                current[i] += weight[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            cycle.add(hosts.get(best));
        }
        return List.copyOf(cycle);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
