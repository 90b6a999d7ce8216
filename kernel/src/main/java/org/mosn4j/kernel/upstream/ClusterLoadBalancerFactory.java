package org.mosn4j.kernel.upstream;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's balancers when it has {@code lb_subset_config} or {@code slow_start}: the {@code lb_type}'s
 * balancer, inside a {@link SubsetLoadBalancer} when subsets are on, inside a {@link SlowStartLoadBalancer}
 * while some host is in its slow start window.
 *
 * <p>It also keeps the slow start bookkeeping: which hosts were available at the last build and since when each
 * newly available one is. A host that is among the hosts of one build and was not among those of the previous
 * one (it passed its health check again, or its ejection ended) starts its window then; the hosts of the first
 * build, when the cluster starts, are warm. Not thread-safe: the cluster calls {@link #create} under its lock.
 */
final class ClusterLoadBalancerFactory implements LoadBalancerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLoadBalancerFactory.class);

    private final LoadBalancerType type;
    private final SubsetSettings subsets;
    private final SlowStartSettings slowStart;
    private final LongSupplier nanoClock;
    /** The hosts of the last build; null before the first. */
    private Set<DefaultHost> available;
    private final Map<DefaultHost, Long> availableSince = new IdentityHashMap<>();

    private ClusterLoadBalancerFactory(LoadBalancerType type, SubsetSettings subsets, SlowStartSettings slowStart,
            LongSupplier nanoClock) {
        this.type = type;
        this.subsets = subsets;
        this.slowStart = slowStart;
        this.nanoClock = nanoClock;
    }

    /**
     * @param clusterName for a log line
     * @param type the cluster's {@code lb_type}
     * @param subsets its subset settings, or null
     * @param slowStart its slow start settings, or null
     * @param nanoClock the time as {@link System#nanoTime()} tells it, which slow start windows are measured by
     * @return {@code type} itself when there is nothing to add to it, else a factory adding subsets or slow start
     */
    static LoadBalancerFactory of(String clusterName, LoadBalancerType type, SubsetSettings subsets,
            SlowStartSettings slowStart, LongSupplier nanoClock) {
        if (slowStart != null && !type.rampsWeights()) {
            LOG.warn("cluster {}: slow_start has no effect with lb_type {}; it applies to LB_WEIGHTED_ROUNDROBIN, "
                    + "LB_LEAST_REQUEST, LB_LEAST_CONNECTION and LB_PEAK_EWMA", clusterName, type);
            slowStart = null;
        }
        if (subsets == null && slowStart == null) {
            return type;
        }
        return new ClusterLoadBalancerFactory(type, subsets, slowStart, nanoClock);
    }

    @Override
    public boolean usesLatency() {
        return type.usesLatency();
    }

    @Override
    public LoadBalancer create(List<DefaultHost> hosts) {
        if (slowStart == null) {
            return build(hosts, DefaultHost::weight);
        }
        Map<DefaultHost, Long> ramping = observe(hosts, nanoClock.getAsLong());
        if (ramping.isEmpty()) {
            return build(hosts, DefaultHost::weight);
        }
        long totalWeight = 0;
        for (DefaultHost host : hosts) {
            totalWeight += host.weight();
        }
        return new SlowStartLoadBalancer(slowStart, ramping, totalWeight, weights -> build(hosts, weights),
                nanoClock);
    }

    private LoadBalancer build(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        return subsets == null ? type.create(hosts, weights) : new SubsetLoadBalancer(subsets, type, hosts, weights);
    }

    /** @return when each host still in its window became available */
    private Map<DefaultHost, Long> observe(List<DefaultHost> hosts, long nowNanos) {
        Set<DefaultHost> now = Collections.newSetFromMap(new IdentityHashMap<>());
        now.addAll(hosts);
        if (available != null) {
            for (DefaultHost host : hosts) {
                if (!available.contains(host)) {
                    availableSince.put(host, nowNanos);
                }
            }
        }
        available = now;
        availableSince.keySet().retainAll(now);
        availableSince.values().removeIf(since -> nowNanos - since >= slowStart.windowNanos());
        return Map.copyOf(availableSince);
    }
}
