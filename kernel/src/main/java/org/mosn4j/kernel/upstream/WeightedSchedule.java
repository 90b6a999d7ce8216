package org.mosn4j.kernel.upstream;

import java.util.ArrayList;
import java.util.List;

/** Unrolls smooth weighted round robin into one cycle, so picking needs only a counter. */
final class WeightedSchedule {

    private WeightedSchedule() {
    }

    /**
     * @param hosts hosts with weights of at least 1
     * @return a cycle of sum(weights) picks in which each host appears weight times, spread out
     */
    static List<DefaultHost> build(List<DefaultHost> hosts) {
        int total = 0;
        for (DefaultHost host : hosts) {
            total += host.weight();
        }
        long[] current = new long[hosts.size()];
        List<DefaultHost> cycle = new ArrayList<>(total);
        for (int pick = 0; pick < total; pick++) {
            int best = -1;
            for (int i = 0; i < hosts.size(); i++) {
                current[i] += hosts.get(i).weight();
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            cycle.add(hosts.get(best));
        }
        return List.copyOf(cycle);
    }
}
