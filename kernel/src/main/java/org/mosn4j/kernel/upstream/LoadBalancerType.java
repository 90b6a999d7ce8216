package org.mosn4j.kernel.upstream;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

/**
 * The {@code lb_type}s the kernel supports, each building its balancer over a list of hosts. A cluster builds
 * a new balancer over the hosts left when one is ejected or returns, so picks never see an ejected host and
 * take no lock.
 */
enum LoadBalancerType implements LoadBalancerFactory {
    /** Uniform over the hosts, ignoring weights (as MOSN does). */
    LB_RANDOM((hosts, weights) -> new RandomLoadBalancer(hosts), false),
    /** Each host in turn, ignoring weights. */
    LB_ROUNDROBIN((hosts, weights) -> RoundRobinLoadBalancer.plain(hosts), false),
    /** Smooth weighted round robin. */
    LB_WEIGHTED_ROUNDROBIN(RoundRobinLoadBalancer::weighted, true),
    /** Power of two choices on requests in flight. */
    LB_LEAST_REQUEST(LeastRequestLoadBalancer::new, true),
    /** Power of two choices on open connections. */
    LB_LEAST_CONNECTION(LeastConnectionLoadBalancer::new, true),
    /** Power of two choices on peak-EWMA latency times requests in flight. */
    LB_PEAK_EWMA((hosts, weights) -> new PeakEwmaLoadBalancer(hosts, weights, System::nanoTime), true),
    /** Consistent hashing by a Maglev lookup table of 65537 slots, weights respected. */
    LB_MAGLEV(MaglevLoadBalancer::new, false),
    /** Consistent hashing on a ketama-style ring, weights respected. */
    LB_RING_HASH(RingHashLoadBalancer::new, false),
    /**
     * MOSN's request round robin: MOSN starts each request's walk over the hosts at the first one and moves on
     * only for a retry of that request, keeping the position in the request's variables. mosn4j retries on another
     * host anyway, so this is plain round robin over the hosts counted per pick, ignoring weights.
     */
    LB_REQUEST_ROUNDROBIN((hosts, weights) -> RoundRobinLoadBalancer.plain(hosts), false);

    /** The type when a cluster names none. */
    static final LoadBalancerType DEFAULT = LB_ROUNDROBIN;

    /** Other spellings accepted for {@code lb_type}: Envoy's {@code lb_policy} names of the hash balancers. */
    private static final Map<String, LoadBalancerType> ALIASES = Map.of("RING_HASH", LB_RING_HASH, "MAGLEV", LB_MAGLEV);

    private final BiFunction<List<DefaultHost>, ToIntFunction<DefaultHost>, LoadBalancer> factory;
    private final boolean rampsWeights;

    LoadBalancerType(BiFunction<List<DefaultHost>, ToIntFunction<DefaultHost>, LoadBalancer> factory,
            boolean rampsWeights) {
        this.factory = factory;
        this.rampsWeights = rampsWeights;
    }

    /** @return a balancer over {@code hosts} by their configured weights */
    @Override
    public boolean usesLatency() {
        return this == LB_PEAK_EWMA;
    }

    @Override
    public LoadBalancer create(List<DefaultHost> hosts) {
        return create(hosts, DefaultHost::weight);
    }

    /**
     * @param hosts the hosts
     * @param weights each host's weight for this balancer, at least 1 (slow start passes ramped ones)
     * @return a balancer over {@code hosts}
     */
    LoadBalancer create(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        return factory.apply(hosts, weights);
    }

    /**
     * @return whether {@code slow_start} applies: the weighted round robin and the power-of-two-choices family,
     *         whose weights can change between rebuilds without moving anything but traffic shares (a hash
     *         balancer would move keys at every step)
     */
    boolean rampsWeights() {
        return rampsWeights;
    }

    /** @return the type named {@code name} exactly (or by an accepted alias), or null */
    static LoadBalancerType named(String name) {
        for (LoadBalancerType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return ALIASES.get(name);
    }

    /** @return the supported names, comma separated */
    static String supported() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}
