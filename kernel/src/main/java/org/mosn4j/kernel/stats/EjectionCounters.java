package org.mosn4j.kernel.stats;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Host ejections of one cluster or one host: how many are in force, how many happened, how many ended. Updated
 * when hosts are ejected and return (rarely); read by the admin API.
 */
public final class EjectionCounters {

    private final LongAdder active = new LongAdder();
    private final LongAdder ejections = new LongAdder();
    private final LongAdder returns = new LongAdder();

    /** A host was ejected. */
    public void ejected() {
        ejections.increment();
        active.increment();
    }

    /** An ejected host returned to load balancing. */
    public void returned() {
        returns.increment();
        active.decrement();
    }

    /** @return the number of ejections in force (for a host, 0 or 1) */
    public long active() {
        return active.sum();
    }

    /** @return the number of ejections so far */
    public long total() {
        return ejections.sum();
    }

    /** Adds {@code outlier_ejections_active}, {@code outlier_ejections_total} and {@code outlier_returns_total}. */
    public void addView(Map<String, Long> view) {
        view.put("outlier_ejections_active", active.sum());
        view.put("outlier_ejections_total", ejections.sum());
        view.put("outlier_returns_total", returns.sum());
    }
}
