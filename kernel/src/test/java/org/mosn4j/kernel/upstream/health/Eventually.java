package org.mosn4j.kernel.upstream.health;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline, failing with a description of what was awaited. */
final class Eventually {

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Eventually() {
    }

    /**
     * @param limit the longest wait
     * @param condition what must become true
     * @param what what is awaited, for the failure message; evaluated on failure
     * @return how long it took
     */
    static Duration await(Duration limit, BooleanSupplier condition, Supplier<String> what) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit.toMillis() + "ms: " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
