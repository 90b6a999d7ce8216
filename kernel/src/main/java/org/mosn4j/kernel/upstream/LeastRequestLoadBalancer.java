package org.mosn4j.kernel.upstream;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code LB_LEAST_REQUEST}: of two hosts drawn at random, the one with fewer requests in flight (the "power
 * of two choices", as Envoy and MOSN do), which avoids the herd that always picking the global minimum causes.
 */
final class LeastRequestLoadBalancer extends PowerOfTwoChoicesLoadBalancer {

    LeastRequestLoadBalancer(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        super(hosts, weights);
    }

    @Override
    double load(DefaultHost host) {
        return host.stats().requests().active();
    }
}
