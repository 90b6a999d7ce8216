package org.mosn4j.plugin.filters.flowcontrol;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the requests that monitor mode lets pass although a rule would limit them, and logs the count at most
 * once a second. Thread-safe, lock-free.
 */
final class MonitorReport {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorReport.class);
    private static final long INTERVAL_MILLIS = 1_000;

    private final String listener;
    private final LongAdder sinceLastLog = new LongAdder();
    private final AtomicLong nextLogMillis = new AtomicLong();

    MonitorReport(String listener) {
        this.listener = listener;
    }

    /** A request to {@code resource} would have been limited. */
    void wouldLimit(String resource) {
        sinceLastLog.increment();
        long now = System.currentTimeMillis();
        long next = nextLogMillis.get();
        if (now >= next && nextLogMillis.compareAndSet(next, now + INTERVAL_MILLIS)) {
            LOG.info("flowControlFilter on listener {} (monitor mode): {} request(s) would have been limited since the"
                    + " last report, the latest to {}", listener, sinceLastLog.sumThenReset(), resource);
        }
    }
}
