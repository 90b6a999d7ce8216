package org.mosn4j.kernel.upstream;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code LB_LEAST_CONNECTION}: of two hosts drawn at random, the one with fewer open connections (from every
 * event loop's pools), as MOSN does. Suits long-lived connections, where requests in flight say little about
 * how busy a host is.
 */
final class LeastConnectionLoadBalancer extends PowerOfTwoChoicesLoadBalancer {

    LeastConnectionLoadBalancer(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights) {
        super(hosts, weights);
    }

    @Override
    double load(DefaultHost host) {
        return host.stats().connections().active();
    }
}
