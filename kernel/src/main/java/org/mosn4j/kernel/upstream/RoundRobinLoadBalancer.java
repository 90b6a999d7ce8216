package org.mosn4j.kernel.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * {@code LB_ROUNDROBIN}, and {@code LB_WEIGHTED_ROUNDROBIN} over a precomputed weighted schedule: picks walk
 * a fixed sequence of hosts with one atomic counter.
 */
final class RoundRobinLoadBalancer implements LoadBalancer {

    private final List<DefaultHost> sequence;
    private final AtomicInteger next = new AtomicInteger();

    private RoundRobinLoadBalancer(List<DefaultHost> sequence) {
        this.sequence = sequence;
    }

    /** @return a balancer taking each host in turn */
    static RoundRobinLoadBalancer plain(List<DefaultHost> hosts) {
        return new RoundRobinLoadBalancer(List.copyOf(hosts));
    }

    /**
     * @return a balancer giving each host a share of picks proportional to its weight, interleaved smoothly
     *         (nginx's smooth weighted round robin, unrolled into one cycle of sum(weights) picks)
     */
    static RoundRobinLoadBalancer weighted(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        return new RoundRobinLoadBalancer(WeightedSchedule.build(hosts, weights));
    }

    @Override
    public DefaultHost choose(LoadBalancerContext context) {
        int n = sequence.size();
        if (n == 0) {
            return null;
        }
        return sequence.get(Math.floorMod(next.getAndIncrement(), n));
    }
}
