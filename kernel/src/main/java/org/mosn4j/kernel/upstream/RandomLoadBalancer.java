package org.mosn4j.kernel.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/** {@code LB_RANDOM}: each pick is uniform over the hosts, ignoring weights (as MOSN does). */
final class RandomLoadBalancer implements LoadBalancer {

    private final List<DefaultHost> hosts;

    RandomLoadBalancer(List<DefaultHost> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    @Override
    public DefaultHost choose(LoadBalancerContext context) {
        int n = hosts.size();
        return n == 0 ? null : hosts.get(n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n));
    }
}
