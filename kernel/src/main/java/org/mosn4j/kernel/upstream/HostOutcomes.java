package org.mosn4j.kernel.upstream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.mosn4j.kernel.stats.EjectionCounters;
import org.mosn4j.kernel.stats.RequestOutcomeListener;

/**
 * One host's request outcomes as host ejection sees them, and its ejection state. Outcomes arrive from every
 * event loop that sends to the host and are counted with atomics only; until its cluster turns ejection on
 * ({@link #judgeBy}), an outcome costs one volatile read. Ejection state changes under the cluster's
 * {@link HostEjector} lock.
 */
final class HostOutcomes implements RequestOutcomeListener {

    /** MOSN's status for a failed connect or an upstream reset. */
    static final int CONNECTION_FAILURE_STATUS = 502;
    /** MOSN's status for an upstream timeout. */
    static final int TIMEOUT_STATUS = 504;

    private final DefaultHost host;
    private final EjectionCounters counters = new EjectionCounters();
    private volatile HostEjector ejector;
    private volatile boolean ejected;

    /** Attempts and failed attempts in the current interval. */
    final LongAdder intervalRequests = new LongAdder();
    final LongAdder intervalFailures = new LongAdder();
    /** Failed attempts since the last successful one. */
    final AtomicInteger consecutiveFailures = new AtomicInteger();

    /* Guarded by the ejector's lock. */
    long ejectedUntilNanos;
    long lastEjectionNanos;
    long returnedAtNanos;
    int ejectionStreak;

    HostOutcomes(DefaultHost host) {
        this.host = host;
    }

    DefaultHost host() {
        return host;
    }

    EjectionCounters counters() {
        return counters;
    }

    /** Has outcomes from now on judged by {@code judge}. */
    void judgeBy(HostEjector judge) {
        ejector = judge;
    }

    boolean ejected() {
        return ejected;
    }

    void setEjected(boolean value) {
        ejected = value;
    }

    @Override
    public void onResponse(int status) {
        HostEjector judge = ejector;
        if (judge != null) {
            judge.record(this, status);
        }
    }

    @Override
    public void onReset() {
        onResponse(CONNECTION_FAILURE_STATUS);
    }

    @Override
    public void onTimeout() {
        onResponse(TIMEOUT_STATUS);
    }

    /** A connection to the host could not be established. */
    void onConnectFailure() {
        onResponse(CONNECTION_FAILURE_STATUS);
    }
}
