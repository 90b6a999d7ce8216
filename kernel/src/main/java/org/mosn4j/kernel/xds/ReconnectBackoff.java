package org.mosn4j.kernel.xds;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before the next connect to the control plane: {@link XdsSettings.Backoff#initial()} after a failure,
 * doubling after each further one up to {@link XdsSettings.Backoff#max()}, each wait shortened by a random part of up
 * to a fifth. {@link #reset()} starts over once a stream works. Not thread-safe.
 */
final class ReconnectBackoff {

    private static final double JITTER = 0.2;

    private final XdsSettings.Backoff policy;
    private final DoubleSupplier random;
    private Duration next;

    /**
     * @param random values in [0, 1), such as {@code ThreadLocalRandom.current()::nextDouble}
     */
    ReconnectBackoff(XdsSettings.Backoff policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
        this.next = policy.initial();
    }

    /** @return the wait before the next attempt */
    Duration next() {
        Duration base = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(policy.max()) > 0 ? policy.max() : doubled;
        return Duration.ofMillis(Math.max(1, (long) (base.toMillis() * (1 - JITTER * random.getAsDouble()))));
    }

    /** Starts over at the initial wait. */
    void reset() {
        next = policy.initial();
    }
}
