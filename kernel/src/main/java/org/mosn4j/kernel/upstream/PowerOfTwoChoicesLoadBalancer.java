package org.mosn4j.kernel.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * The "power of two choices" (Mitzenmacher; Envoy's and MOSN's least-request pick): draw two hosts at random and
 * take the less loaded one by the subclass's measure. It avoids the herd that always taking the global minimum
 * causes, and needs no shared state but the hosts' own counters.
 *
 * <p>With equal weights the two hosts are distinct and drawn uniformly. With unequal weights (or slow start
 * ramping a host's weight) each is drawn with probability proportional to its weight, so when the hosts are
 * equally loaded, as under light traffic, they get shares proportional to their weights, and under load the
 * comparison evens out the loads among the drawn hosts. A pick takes no lock and allocates nothing.
 */
abstract class PowerOfTwoChoicesLoadBalancer implements LoadBalancer {

    private final DefaultHost[] hosts;
    /** Null when every host has the same weight. */
    private final WeightedSampler sampler;

    /**
     * @param hosts the hosts to choose from
     * @param weights each host's weight, at least 1
     */
    PowerOfTwoChoicesLoadBalancer(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        this.hosts = hosts.toArray(DefaultHost[]::new);
        int[] w = new int[this.hosts.length];
        boolean equal = true;
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.applyAsInt(this.hosts[i]);
            equal &= w[i] == w[0];
        }
        this.sampler = equal ? null : new WeightedSampler(w);
    }

    /**
     * @param host a host
     * @return how loaded it is; the lower of two wins, the first drawn on a tie
     */
    abstract double load(DefaultHost host);

    @Override
    public DefaultHost choose(LoadBalancerContext context) {
        int n = hosts.length;
        if (n <= 1) {
            return n == 0 ? null : hosts[0];
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first;
        int second;
        if (sampler == null) {
            first = random.nextInt(n);
            second = random.nextInt(n - 1);
            if (second >= first) {
                second++;
            }
        } else {
            first = sampler.next(random);
            second = sampler.next(random);
        }
        DefaultHost a = hosts[first];
        DefaultHost b = hosts[second];
        return a == b || load(a) <= load(b) ? a : b;
    }
}
