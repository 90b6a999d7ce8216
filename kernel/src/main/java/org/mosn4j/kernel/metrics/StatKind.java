package org.mosn4j.kernel.metrics;

/**
 * Whether a stats value is exported as a Prometheus counter or gauge, decided from its key alone so that keys
 * added later are exported without more code.
 *
 * <p>The rule: a key is a {@link #GAUGE} when it contains {@code active} ({@code connection_active},
 * {@code request_active}, {@code outlier_ejections_active}), starts with {@code cb_} (circuit breaker state) or
 * is {@code healthy}; every other key is a {@link #COUNTER}. MOSN's stats follow it: their counters only grow,
 * and the values that go down are the "active" ones. A new key that can go down and fits none of these
 * patterns needs a name that does, or a line here.
 */
public enum StatKind {

    /** A value that only grows (until the process restarts). */
    COUNTER,
    /** A value that goes up and down. */
    GAUGE;

    /**
     * @param key a stats key, such as {@code request_total}
     * @return its kind, by the rule above
     */
    public static StatKind of(String key) {
        return key.contains("active") || key.startsWith("cb_") || key.equals("healthy") ? GAUGE : COUNTER;
    }
}
