package org.mosn4j.kernel.config;

import java.time.Duration;

/**
 * A cluster's {@code slow_start}: a host that becomes available again gets a share of traffic that grows over
 * {@code slow_start_duration}, as in MOSN and Envoy.
 *
 * @param mode {@code "duration"}, the only mode (also when absent)
 * @param slowStartDuration the ramp's length; absent or 0s turns slow start off
 * @param aggression how the weight grows: time fraction to the power 1/aggression; default 1.0 (linear)
 * @param minWeightPercent the smallest share of its weight a ramping host gets: a fraction from 0 to 1 as MOSN
 *        reads it (0.1), or a percentage above 1 up to 100 as Envoy writes it (10); default 10%
 */
public record SlowStartConfig(String mode, Duration slowStartDuration, Double aggression, Double minWeightPercent) {
}
