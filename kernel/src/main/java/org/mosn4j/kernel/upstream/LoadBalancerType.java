package org.mosn4j.kernel.upstream;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code lb_type}s the kernel supports, each building its balancer over a list of hosts. A cluster builds
 * a new balancer over the hosts left when one is ejected or returns, so picks never see an ejected host and
 * take no lock.
 */
enum LoadBalancerType {
    LB_RANDOM(RandomLoadBalancer::new),
    LB_ROUNDROBIN(RoundRobinLoadBalancer::plain),
    LB_WEIGHTED_ROUNDROBIN(RoundRobinLoadBalancer::weighted),
    LB_LEAST_REQUEST(LeastRequestLoadBalancer::new);

    /** The type when a cluster names none. */
    static final LoadBalancerType DEFAULT = LB_ROUNDROBIN;

    private final Function<List<DefaultHost>, LoadBalancer> factory;

    LoadBalancerType(Function<List<DefaultHost>, LoadBalancer> factory) {
        this.factory = factory;
    }

    /** @return a balancer over {@code hosts} */
    LoadBalancer create(List<DefaultHost> hosts) {
        return factory.apply(hosts);
    }

    /** @return the type named {@code name} exactly, or null */
    static LoadBalancerType named(String name) {
        for (LoadBalancerType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** @return the supported names, comma separated */
    static String supported() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}
