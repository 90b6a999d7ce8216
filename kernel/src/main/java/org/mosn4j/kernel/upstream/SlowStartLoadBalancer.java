package org.mosn4j.kernel.upstream;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * A cluster's balancer while some of its hosts are in their slow start window: it holds a balancer built with
 * ramped weights and builds a new one every {@link SlowStartSettings#stepNanos() step} until every window is
 * over, then settles on the configured weights and stops looking at the clock.
 *
 * <p>There is no timer: a pick reads the clock and one volatile field, and the first pick to find a step due
 * rebuilds (a compare-and-set keeps others from doing it too; they pick from the previous balancer meanwhile).
 * So a pick takes no lock, and a ramp makes no progress while nothing is picked, which costs nothing.
 */
final class SlowStartLoadBalancer implements LoadBalancer {

    /**
     * Weights are multiplied by up to this much while ramping, so a host's fraction of its weight has a
     * resolution of 1%; less for large clusters, to keep weighted round robin's cycle short.
     */
    private static final int MAX_SCALE = 100;
    private static final int MAX_TOTAL_WEIGHT = 1 << 16;

    private final SlowStartSettings settings;
    private final Map<DefaultHost, Long> availableSince;
    private final Function<ToIntFunction<DefaultHost>, LoadBalancer> build;
    private final LongSupplier nanoClock;
    private final int scale;
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile LoadBalancer current;
    private volatile long nextStepNanos;
    private volatile boolean ramping = true;

    /**
     * @param settings the ramp
     * @param availableSince when each ramping host became available, by {@code nanoClock}; others are warm
     * @param totalWeight the sum of the configured weights of the hosts balanced over
     * @param build builds the underlying balancer with the given weights
     * @param nanoClock the time as {@link System#nanoTime()} tells it
     */
    SlowStartLoadBalancer(SlowStartSettings settings, Map<DefaultHost, Long> availableSince, long totalWeight,
            Function<ToIntFunction<DefaultHost>, LoadBalancer> build, LongSupplier nanoClock) {
        this.settings = settings;
        this.availableSince = Map.copyOf(availableSince);
        this.build = build;
        this.nanoClock = nanoClock;
        this.scale = (int) Math.max(1, Math.min(MAX_SCALE, MAX_TOTAL_WEIGHT / Math.max(1, totalWeight)));
        step(nanoClock.getAsLong());
    }

    @Override
    public DefaultHost choose(LoadBalancerContext context) {
        if (ramping && nanoClock.getAsLong() - nextStepNanos >= 0 && rebuilding.compareAndSet(false, true)) {
            try {
                step(nanoClock.getAsLong());
            } finally {
                rebuilding.set(false);
            }
        }
        return current.choose(context);
    }

    /**
     * @param host a host of the cluster
     * @param nowNanos the time
     * @return the host's weight at {@code nowNanos}, in units of 1/scale
     */
    int weightAt(DefaultHost host, long nowNanos) {
        Long since = availableSince.get(host);
        int full = host.weight() * scale;
        return since == null ? full : (int) Math.max(1, Math.round(full * settings.factor(nowNanos - since)));
    }

    private void step(long nowNanos) {
        boolean any = false;
        for (long since : availableSince.values()) {
            any |= nowNanos - since < settings.windowNanos();
        }
        if (!any) {
            current = build.apply(DefaultHost::weight);
            ramping = false;
            return;
        }
        current = build.apply(host -> weightAt(host, nowNanos));
        nextStepNanos = nowNanos + settings.stepNanos();
    }
}
