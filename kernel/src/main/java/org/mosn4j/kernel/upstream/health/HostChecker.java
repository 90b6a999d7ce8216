package org.mosn4j.kernel.upstream.health;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mosn4j.spi.config.GoDuration;

/**
 * Checks one host over and over: the first check after the initial delay, each next one an interval (plus
 * jitter) after the previous one ended, so at most one check of the host is in flight. A check that has not
 * ended within the timeout fails and its connection is closed.
 *
 * <p>Threading: every method runs on the checker's event loop; results are reported there.
 */
final class HostChecker {

    private final InetSocketAddress address;
    private final HealthCheck check;
    private final HealthCheckSettings settings;
    private final EventLoop loop;
    private final Consumer<CheckResult> results;
    private ScheduledFuture<?> nextCheck;
    private InFlight inFlight;
    private boolean stopped;

    /** A check that has started and not ended. */
    private static final class InFlight {
        Channel channel;
        ScheduledFuture<?> timeout;
    }

    /**
     * @param address the host's address
     * @param check what to check
     * @param settings timings
     * @param loop the loop every check and timer runs on
     * @param results told each check's outcome
     */
    HostChecker(InetSocketAddress address, HealthCheck check, HealthCheckSettings settings, EventLoop loop,
            Consumer<CheckResult> results) {
        this.address = address;
        this.check = check;
        this.settings = settings;
        this.loop = loop;
        this.results = results;
    }

    /** Schedules the first check. */
    void start() {
        scheduleCheck(settings.initialDelay().toNanos());
    }

    /** Cancels the next check and abandons the one in flight; nothing is reported or scheduled afterwards. */
    void stop() {
        stopped = true;
        if (nextCheck != null) {
            nextCheck.cancel(false);
            nextCheck = null;
        }
        InFlight current = inFlight;
        inFlight = null;
        if (current != null) {
            abandon(current);
        }
    }

    /** @return whether a check is running or scheduled */
    boolean active() {
        return nextCheck != null || inFlight != null;
    }

    private void scheduleCheck(long delayNanos) {
        if (!stopped) {
            nextCheck = loop.schedule(this::runCheck, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private long nextIntervalNanos() {
        long interval = settings.interval().toNanos();
        long jitter = settings.intervalJitter().toNanos();
        if (jitter <= 0) {
            return interval;
        }
        long next = interval + ThreadLocalRandom.current().nextLong(jitter == Long.MAX_VALUE ? jitter : jitter + 1);
        return next < 0 ? Long.MAX_VALUE : next;
    }

    private void runCheck() {
        nextCheck = null;
        if (stopped) {
            return;
        }
        InFlight attempt = new InFlight();
        inFlight = attempt;
        Channel channel;
        try {
            channel = check.start(address, loop, settings.timeout(), result -> finish(attempt, result));
        } catch (RuntimeException e) {
            finish(attempt, CheckResult.fail(e));
            return;
        }
        attempt.channel = channel;
        if (inFlight != attempt) {
            // Ended before start returned; its connection may still be open.
            channel.close();
            return;
        }
        attempt.timeout = loop.schedule(() -> finish(attempt,
                CheckResult.fail("timed out after " + GoDuration.format(settings.timeout()))),
                settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void finish(InFlight attempt, CheckResult result) {
        if (inFlight != attempt) {
            return;
        }
        inFlight = null;
        abandon(attempt);
        results.accept(result);
        scheduleCheck(nextIntervalNanos());
    }

    private static void abandon(InFlight attempt) {
        if (attempt.timeout != null) {
            attempt.timeout.cancel(false);
        }
        if (attempt.channel != null) {
            attempt.channel.close();
        }
    }
}
