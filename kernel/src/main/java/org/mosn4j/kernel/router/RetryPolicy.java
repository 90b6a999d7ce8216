package org.mosn4j.kernel.router;

import java.time.Duration;
import java.util.Set;

/**
 * A route's {@code retry_policy}.
 *
 * @param retryOn whether failed requests are retried at all
 * @param numRetries how many retries after the first try
 * @param retryTimeout the timeout of each try; zero for the route's timeout
 * @param statusCodes upstream statuses that count as failures besides connection failures
 */
public record RetryPolicy(boolean retryOn, int numRetries, Duration retryTimeout, Set<Integer> statusCodes) {

    /** The policy of a route without {@code retry_policy}: no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(false, 0, Duration.ZERO, Set.of());

    public RetryPolicy {
        statusCodes = Set.copyOf(statusCodes);
    }
}
