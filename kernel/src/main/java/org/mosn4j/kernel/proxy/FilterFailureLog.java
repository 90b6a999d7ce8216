package org.mosn4j.kernel.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs stream filters that throw, with a stack trace at most once per burst for each listener and filter type:
 * the first failure is logged with its trace, and failures in the {@link #QUIET_PERIOD_NANOS} after it are only
 * counted (and logged at debug); the next failure after that logs a trace again with the count it stood for.
 * A filter that fails on every request thus costs one log entry per period, not one per request.
 *
 * <p>Thread-safe: failures are reported from every event loop.
 */
final class FilterFailureLog {

    /** How long after a logged stack trace further failures of the same filter are only counted. */
    static final long QUIET_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The process's log. */
    static final FilterFailureLog SHARED = new FilterFailureLog(System::nanoTime);

    private static final Logger LOG = LoggerFactory.getLogger(FilterFailureLog.class);

    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Burst> bursts = new ConcurrentHashMap<>();

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    FilterFailureLog(LongSupplier clock) {
        this.clock = clock;
    }

    /** One filter's failures: when the last trace was logged, and how many failed quietly since. */
    private static final class Burst {
        final AtomicLong lastLoggedNanos;
        final AtomicLong quiet = new AtomicLong();

        Burst(long now) {
            lastLoggedNanos = new AtomicLong(now - QUIET_PERIOD_NANOS);
        }
    }

    /**
     * @param listener the listener the stream belongs to
     * @param type the failed filter's type
     * @param callback the filter method that threw, such as {@code onHeaders}
     * @param outcome what becomes of the stream, such as "the stream is answered 500"
     * @param failure what it threw
     * @return whether the stack trace was logged (false: only counted)
     */
    boolean failed(String listener, String type, String callback, String outcome, Throwable failure) {
        long now = clock.getAsLong();
        Burst burst = bursts.computeIfAbsent(listener + '\u0000' + type, key -> new Burst(now));
        long last = burst.lastLoggedNanos.get();
        if (now - last >= QUIET_PERIOD_NANOS && burst.lastLoggedNanos.compareAndSet(last, now)) {
            long quiet = burst.quiet.getAndSet(0);
            LOG.error("listener {}: stream filter \"{}\" threw from {}; {}, the connection and its other streams go on{}",
                    listener, type, callback, outcome,
                    quiet == 0 ? "" : " (" + quiet + " more failure(s) of this filter since the last report)", failure);
            return true;
        }
        burst.quiet.incrementAndGet();
        if (LOG.isDebugEnabled()) {
            LOG.debug("listener {}: stream filter \"{}\" threw from {}; {}: {}", listener, type, callback, outcome,
                    failure.toString());
        }
        return false;
    }
}
