package org.mosn4j.kernel.upstream;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * {@code LB_PEAK_EWMA}: of two hosts drawn at random, the one with the lower cost, where cost is the host's
 * peak-sensitive moving average of upstream latency ({@link PeakEwma}) times its requests in flight plus one
 * (Finagle's and MOSN's "peak EWMA"). A host that turns slow is avoided at once; one that recovers wins its
 * share back as its average decays.
 *
 * <p>A host with no latency sample yet costs 0 when idle, so it is tried, and costs more than any measured host
 * while a request to it is in flight, so a new host gets one probe rather than a flood.
 */
final class PeakEwmaLoadBalancer extends PowerOfTwoChoicesLoadBalancer {

    /** The cost of an unmeasured host with requests in flight: above any measured latency. */
    private static final double UNMEASURED_BUSY = 1e18;

    private final LongSupplier nanoClock;

    /**
     * @param hosts the hosts
     * @param weights each host's weight
     * @param nanoClock the time as {@link System#nanoTime()} tells it, which the latency averages decay by
     */
    PeakEwmaLoadBalancer(List<DefaultHost> hosts, ToIntFunction<DefaultHost> weights, LongSupplier nanoClock) {
        super(hosts, weights);
        this.nanoClock = nanoClock;
    }

    @Override
    double load(DefaultHost host) {
        long active = host.stats().requests().active();
        PeakEwma latency = host.latency();
        if (!latency.sampled()) {
            return active == 0 ? 0 : UNMEASURED_BUSY + active;
        }
        return latency.value(nanoClock.getAsLong()) * (active + 1);
    }
}
