package org.mosn4j.spi.upstream;

import java.time.Duration;
import java.util.Set;

/**
 * When a cluster takes a failing host out of load balancing (ejects it), and for how long. Immutable.
 *
 * <p>Every attempt to send a request to a host ends as a response status, or as a failure the proxy answers
 * with its own status: a failed connect or a reset as 502, a timeout as 504 (MOSN's statuses for them). An
 * attempt fails when that status is one of {@link #failureStatuses}. A host is ejected after
 * {@link #consecutiveFailures} failed attempts in a row, or at the end of an {@link #interval} in which it
 * had at least {@link #minimumRequests} attempts and its share of failed ones reached
 * {@link #failureRateMultiple} times the cluster's average or {@link #failureRateThreshold}. It returns after
 * {@link #baseEjectionTime}, doubled for each ejection that follows its last return sooner than its last
 * ejection lasted, up to {@link #maxEjectionTime}. At most {@link #maxEjectedHosts} hosts, and at most
 * {@link #maxEjectedRatio} of the cluster's hosts, are ejected at once; when every host is ejected the
 * cluster balances over all of them.
 *
 * @param failureStatuses statuses (100 to 999) that count as failures
 * @param consecutiveFailures failures in a row that eject a host; 0 for no such rule
 * @param interval how often failure rates are judged; positive
 * @param minimumRequests attempts a host needs in an interval for its failure rate to be judged; at least 1
 * @param failureRateMultiple eject a host whose failure rate is this many times the cluster's; 0 for no such
 *                            rule, else more than 1
 * @param failureRateThreshold eject a host whose failure rate reaches this (0 to 1); 0 for no such rule
 * @param maxEjectedHosts how many hosts may be ejected at once; 0 for none
 * @param maxEjectedRatio which share of the cluster's hosts may be ejected at once (0 to 1); 0 for no limit
 *                        besides {@code maxEjectedHosts}
 * @param baseEjectionTime how long a first ejection lasts; positive
 * @param maxEjectionTime how long an ejection lasts at most; at least {@code baseEjectionTime}
 */
public record HostEjectionPolicy(
        Set<Integer> failureStatuses,
        int consecutiveFailures,
        Duration interval,
        int minimumRequests,
        double failureRateMultiple,
        double failureRateThreshold,
        int maxEjectedHosts,
        double maxEjectedRatio,
        Duration baseEjectionTime,
        Duration maxEjectionTime) {

    /** @throws IllegalArgumentException naming the first value out of range */
    public HostEjectionPolicy {
        failureStatuses = Set.copyOf(failureStatuses);
        for (int status : failureStatuses) {
            require(status >= 100 && status <= 999, "failure status " + status + " is not from 100 to 999");
        }
        require(consecutiveFailures >= 0, "consecutiveFailures must be 0 or more");
        require(interval != null && interval.toNanos() > 0, "interval must be positive");
        require(minimumRequests >= 1, "minimumRequests must be at least 1");
        require(failureRateMultiple == 0 || failureRateMultiple > 1, "failureRateMultiple must be 0 or more than 1");
        require(failureRateThreshold >= 0 && failureRateThreshold <= 1, "failureRateThreshold must be from 0 to 1");
        require(maxEjectedHosts >= 0, "maxEjectedHosts must be 0 or more");
        require(maxEjectedRatio >= 0 && maxEjectedRatio <= 1, "maxEjectedRatio must be from 0 to 1");
        require(baseEjectionTime != null && baseEjectionTime.toNanos() > 0, "baseEjectionTime must be positive");
        require(maxEjectionTime != null && maxEjectionTime.compareTo(baseEjectionTime) >= 0,
                "maxEjectionTime must be at least baseEjectionTime");
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
