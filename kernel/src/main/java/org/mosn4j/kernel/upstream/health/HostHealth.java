package org.mosn4j.kernel.upstream.health;

/**
 * One host's health by its check results: it starts healthy, turns unhealthy after {@code unhealthyThreshold}
 * consecutive failures and healthy again after {@code healthyThreshold} consecutive passes. A result of the other
 * kind resets the count. Not thread-safe: used on its checker's event loop only.
 */
final class HostHealth {

    /** What a result changed. */
    enum Change {
        NONE,
        BECAME_HEALTHY,
        BECAME_UNHEALTHY
    }

    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private boolean healthy = true;
    private int consecutivePasses;
    private int consecutiveFailures;

    /**
     * @param healthyThreshold consecutive passes that make an unhealthy host healthy, at least 1
     * @param unhealthyThreshold consecutive failures that make a healthy host unhealthy, at least 1
     */
    HostHealth(int healthyThreshold, int unhealthyThreshold) {
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1, got " + healthyThreshold + " and "
                    + unhealthyThreshold);
        }
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
    }

    /** A check passed. */
    Change passed() {
        consecutiveFailures = 0;
        consecutivePasses++;
        if (!healthy && consecutivePasses >= healthyThreshold) {
            healthy = true;
            return Change.BECAME_HEALTHY;
        }
        return Change.NONE;
    }

    /** A check failed. */
    Change failed() {
        consecutivePasses = 0;
        consecutiveFailures++;
        if (healthy && consecutiveFailures >= unhealthyThreshold) {
            healthy = false;
            return Change.BECAME_UNHEALTHY;
        }
        return Change.NONE;
    }

    /** @return whether the host counts as healthy */
    boolean healthy() {
        return healthy;
    }

    /** @return how many checks in a row passed, up to the latest */
    int consecutivePasses() {
        return consecutivePasses;
    }

    /** @return how many checks in a row failed, up to the latest */
    int consecutiveFailures() {
        return consecutiveFailures;
    }
}
