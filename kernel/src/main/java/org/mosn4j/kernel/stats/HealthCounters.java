package org.mosn4j.kernel.stats;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Health check counts of one cluster or host: checks passed and failed, health changes, and (for a cluster)
 * times it entered panic mode because no host was healthy. Updated without locks; read by the admin API.
 */
public final class HealthCounters {

    private final LongAdder passed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder becameHealthy = new LongAdder();
    private final LongAdder becameUnhealthy = new LongAdder();
    private final LongAdder panics = new LongAdder();

    /** A health check passed. */
    public void checkPassed() {
        passed.increment();
    }

    /** A health check failed (refused, timed out or answered with an unexpected status). */
    public void checkFailed() {
        failed.increment();
    }

    /** A host went from unhealthy to healthy. */
    public void becameHealthy() {
        becameHealthy.increment();
    }

    /** A host went from healthy to unhealthy. */
    public void becameUnhealthy() {
        becameUnhealthy.increment();
    }

    /** The cluster found no healthy host and began balancing over all of them. */
    public void panicked() {
        panics.increment();
    }

    /** @return how many checks passed */
    public long passed() {
        return passed.sum();
    }

    /** @return how many checks failed */
    public long failed() {
        return failed.sum();
    }

    /** Adds the {@code health_check_*} keys and {@code lb_panic} to {@code view}. */
    public void addView(Map<String, Long> view) {
        view.put("health_check_success", passed.sum());
        view.put("health_check_failure", failed.sum());
        view.put("health_check_healthy_change", becameHealthy.sum());
        view.put("health_check_unhealthy_change", becameUnhealthy.sum());
        view.put("lb_panic", panics.sum());
    }
}
