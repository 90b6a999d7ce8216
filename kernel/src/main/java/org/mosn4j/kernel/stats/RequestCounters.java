package org.mosn4j.kernel.stats;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Request counters of one listener (downstream) or one cluster or host (upstream), with MOSN's key names.
 * Updated from event loops without locks.
 */
public final class RequestCounters {

    private static final int[] TRACKED_CODES = {200, 206, 302, 304, 400, 403, 404, 416, 499, 500, 502, 503, 504};

    private final LongAdder total = new LongAdder();
    private final LongAdder active = new LongAdder();
    private final LongAdder reset = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timeout = new LongAdder();
    private final LongAdder retry = new LongAdder();
    private final LongAdder pendingOverflow = new LongAdder();
    private final LongAdder headerTimeout = new LongAdder();
    private final LongAdder success = new LongAdder();
    private final LongAdder timeTotalMillis = new LongAdder();
    private final LongAdder[] byCode = new LongAdder[TRACKED_CODES.length];
    private final LongAdder otherCode = new LongAdder();
    /** Responses by status class: index 0 counts 1xx, ..., index 4 counts 5xx. */
    private final LongAdder[] byClass = new LongAdder[5];
    private final RequestOutcomeListener outcomes;
    private volatile LongConsumer durations;

    public RequestCounters() {
        this(null);
    }

    /**
     * @param outcomes told each response, reset and timeout counted here (an upstream host's counters), or null
     */
    public RequestCounters(RequestOutcomeListener outcomes) {
        this.outcomes = outcomes;
        for (int i = 0; i < byCode.length; i++) {
            byCode[i] = new LongAdder();
        }
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = new LongAdder();
        }
    }

    /** A request started. */
    public void started() {
        total.increment();
        active.increment();
    }

    /**
     * A request ended.
     *
     * @param status the response status sent or received, 0 when none
     * @param durationNanos how long it took
     * @param ok whether it got a response from which no failure is to be counted
     */
    public void finished(int status, long durationNanos, boolean ok) {
        active.decrement();
        timeTotalMillis.add(durationNanos / 1_000_000);
        (ok ? success : failed).increment();
        if (status > 0) {
            int index = indexOf(status);
            (index < 0 ? otherCode : byCode[index]).increment();
            if (status >= 100 && status < 600) {
                byClass[status / 100 - 1].increment();
            }
            if (ok && outcomes != null) {
                outcomes.onResponse(status);
            }
        }
        LongConsumer observer = durations;
        if (observer != null) {
            observer.accept(durationNanos);
        }
    }

    /**
     * Reports the duration of every request that finishes from now on, such as to a histogram.
     *
     * @param observer called with each duration in nanoseconds, on the request's event loop, so it must not
     *                 block and should not allocate; null to stop reporting
     */
    public void observeDurations(LongConsumer observer) {
        durations = observer;
    }

    /** A request was reset (client gone, upstream reset). */
    public void reset() {
        reset.increment();
        if (outcomes != null) {
            outcomes.onReset();
        }
    }

    /** An upstream request timed out. */
    public void timedOut() {
        timeout.increment();
        if (outcomes != null) {
            outcomes.onTimeout();
        }
    }

    /** A request was retried. */
    public void retried() {
        retry.increment();
    }

    /** A request could not be queued because a limit was reached. */
    public void pendingOverflow() {
        pendingOverflow.increment();
    }

    /** @return the number of requests in flight */
    public long active() {
        return active.sum();
    }

    private static int indexOf(int status) {
        for (int i = 0; i < TRACKED_CODES.length; i++) {
            if (TRACKED_CODES[i] == status) {
                return i;
            }
        }
        return -1;
    }

    /** A downstream request's headers did not arrive within the protocol's time for them; it got 408. */
    public void headerTimedOut() {
        headerTimeout.increment();
    }

    /** Adds MOSN's downstream request keys, and mosn4j's {@code request_header_timeout}, to {@code view}. */
    public void addDownstreamView(Map<String, Long> view) {
        view.put("request_total", total.sum());
        view.put("request_active", active.sum());
        view.put("request_reset", reset.sum());
        view.put("request_failed", failed.sum());
        view.put("request_time_total", timeTotalMillis.sum());
        for (int i = 0; i < TRACKED_CODES.length; i++) {
            view.put("request_" + TRACKED_CODES[i] + "_total", byCode[i].sum());
        }
        view.put("request_other_code", otherCode.sum());
        view.put("request_header_timeout", headerTimeout.sum());
        addClassView(view);
    }

    /** Adds MOSN's upstream request keys to {@code view}. */
    public void addUpstreamView(Map<String, Long> view) {
        view.put("request_total", total.sum());
        view.put("request_active", active.sum());
        view.put("request_local_reset", reset.sum());
        view.put("request_timeout", timeout.sum());
        view.put("request_retry", retry.sum());
        view.put("request_pending_overflow", pendingOverflow.sum());
        view.put("request_duration_time_total", timeTotalMillis.sum());
        view.put("response_success", success.sum());
        view.put("response_failed", failed.sum());
        addClassView(view);
    }

    /** Adds {@code request_1xx_total} ... {@code request_5xx_total}: responses by status class. */
    private void addClassView(Map<String, Long> view) {
        for (int i = 0; i < byClass.length; i++) {
            view.put("request_" + (i + 1) + "xx_total", byClass[i].sum());
        }
    }
}
