package org.mosn4j.kernel.config;

import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * A route's {@code retry_policy} in MOSN's shape: {@code retry_on} is a switch, {@code status_codes} the
 * upstream statuses that count as failures.
 */
public record RetryPolicyConfig(Boolean retryOn, Integer numRetries, Duration retryTimeout, List<Integer> statusCodes) {

    public RetryPolicyConfig {
        statusCodes = ConfigBinder.orEmpty(statusCodes);
    }
}
