package org.mosn4j.kernel.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * {@code LB_LEAST_REQUEST}: of two hosts drawn at random, the one with fewer requests in flight (the "power
 * of two choices", as Envoy and MOSN do), which avoids the herd that always picking the global minimum causes.
 */
final class LeastRequestLoadBalancer implements LoadBalancer {

    private final List<DefaultHost> hosts;

    LeastRequestLoadBalancer(List<DefaultHost> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    @Override
    public DefaultHost choose(LoadBalancerContext context) {
        int n = hosts.size();
        if (n <= 1) {
            return n == 0 ? null : hosts.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(n);
        int second = random.nextInt(n - 1);
        if (second >= first) {
            second++;
        }
        DefaultHost a = hosts.get(first);
        DefaultHost b = hosts.get(second);
        return b.stats().requests().active() < a.stats().requests().active() ? b : a;
    }
}
