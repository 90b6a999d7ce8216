package org.mosn4j.kernel.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mosn4j.kernel.stats.EjectionCounters;
import org.mosn4j.spi.config.GoDuration;
import org.mosn4j.spi.upstream.HostEjectionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host ejection for one cluster by a {@link HostEjectionPolicy}: judges the outcomes its hosts report, ejects
 * and returns hosts, and hands the cluster the hosts to balance over after each change.
 *
 * <p>Threading: {@link #record} runs on every event loop that sends to the cluster, with atomics and one
 * volatile read per outcome. Work that is due (judging an interval's failure rates, returning hosts whose
 * ejection is over) is done by the first outcome to see it due, under this object's lock, as are ejections
 * and returns; they are rare, so the lock is never taken per request. There is no timer: with no traffic at all,
 * an ejected host returns when the next outcome arrives.
 */
final class HostEjector {

    private static final Logger LOG = LoggerFactory.getLogger(HostEjector.class);
    private static final int STATUS_LIMIT = 1000;

    private final String clusterName;
    private final List<HostOutcomes> hosts;
    private final List<DefaultHost> allHosts;
    private final HostEjectionPolicy policy;
    private final boolean[] failureStatus = new boolean[STATUS_LIMIT];
    private final int maxEjected;
    private final long intervalNanos;
    private final long baseEjectionNanos;
    private final long maxEjectionNanos;
    private final Consumer<List<DefaultHost>> balanceOver;
    private final EjectionCounters clusterCounters;
    private final LongSupplier nanoClock;
    /** The earliest time some work is due: judging the interval, or returning a host. */
    private volatile long nextWorkNanos;

    /* Guarded by this. */
    private long intervalEndNanos;
    private int ejectedCount;
    private boolean panicLogged;

    /**
     * @param clusterName for log lines
     * @param hosts the cluster's hosts
     * @param policy when to eject and for how long
     * @param balanceOver told the hosts to balance over after each ejection or return
     * @param clusterCounters the cluster's ejection counts
     * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()} tells it
     */
    HostEjector(String clusterName, List<DefaultHost> hosts, HostEjectionPolicy policy,
            Consumer<List<DefaultHost>> balanceOver, EjectionCounters clusterCounters, LongSupplier nanoClock) {
        this.clusterName = clusterName;
        this.allHosts = List.copyOf(hosts);
        this.hosts = allHosts.stream().map(DefaultHost::outcomes).toList();
        this.policy = policy;
        for (int status : policy.failureStatuses()) {
            failureStatus[status] = true;
        }
        int byRatio = policy.maxEjectedRatio() > 0 ? (int) Math.floor(policy.maxEjectedRatio() * hosts.size())
                : hosts.size();
        this.maxEjected = Math.min(policy.maxEjectedHosts(), byRatio);
        this.intervalNanos = policy.interval().toNanos();
        this.baseEjectionNanos = policy.baseEjectionTime().toNanos();
        this.maxEjectionNanos = policy.maxEjectionTime().toNanos();
        this.balanceOver = balanceOver;
        this.clusterCounters = clusterCounters;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        synchronized (this) {
            intervalEndNanos = now + intervalNanos;
        }
        nextWorkNanos = now + intervalNanos;
    }

    HostEjectionPolicy policy() {
        return policy;
    }

    /** @return how many of the cluster's hosts may be ejected at once */
    int maxEjected() {
        return maxEjected;
    }

    /** Starts judging the hosts' outcomes. */
    void start() {
        for (HostOutcomes host : hosts) {
            host.judgeBy(this);
        }
    }

    boolean isFailure(int status) {
        return status >= 0 && status < STATUS_LIMIT && failureStatus[status];
    }

    /** One attempt to {@code host} ended with {@code status} (see {@link HostEjectionPolicy}). */
    void record(HostOutcomes host, int status) {
        host.intervalRequests.increment();
        if (isFailure(status)) {
            host.intervalFailures.increment();
            int limit = policy.consecutiveFailures();
            if (limit > 0 && host.consecutiveFailures.incrementAndGet() >= limit && !host.ejected()) {
                eject(host, limit + " consecutive failures", nanoClock.getAsLong());
            }
        } else if (host.consecutiveFailures.get() != 0) {
            host.consecutiveFailures.set(0);
        }
        long now = nanoClock.getAsLong();
        if (now - nextWorkNanos >= 0) {
            runDueWork(now);
        }
    }

    /** Does the work due at {@code now}: returns hosts whose ejection is over, judges a finished interval. */
    synchronized void runDueWork(long now) {
        if (now - nextWorkNanos < 0) {
            return;
        }
        boolean changed = false;
        for (HostOutcomes host : hosts) {
            if (host.ejected() && now - host.ejectedUntilNanos >= 0) {
                returnHost(host, now);
                changed = true;
            }
        }
        if (now - intervalEndNanos >= 0) {
            intervalEndNanos = now + intervalNanos;
            changed |= judgeInterval(now);
        }
        if (changed) {
            publish();
        }
        scheduleNextWork();
    }

    /** Ejects the hosts whose failure rate in the interval just ended is too high. @return whether any was */
    private boolean judgeInterval(long now) {
        int n = hosts.size();
        long[] requests = new long[n];
        long[] failures = new long[n];
        long sumRequests = 0;
        long sumFailures = 0;
        for (int i = 0; i < n; i++) {
            HostOutcomes host = hosts.get(i);
            requests[i] = host.intervalRequests.sumThenReset();
            failures[i] = host.intervalFailures.sumThenReset();
            if (!host.ejected() && requests[i] >= policy.minimumRequests()) {
                sumRequests += requests[i];
                sumFailures += failures[i];
            }
        }
        if (sumRequests == 0) {
            return false;
        }
        double average = (double) sumFailures / sumRequests;
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (hosts.get(i).ejected() || requests[i] < policy.minimumRequests() || failures[i] == 0) {
                continue;
            }
            double rate = (double) failures[i] / requests[i];
            boolean overMultiple = policy.failureRateMultiple() > 0 && rate >= policy.failureRateMultiple() * average;
            boolean overThreshold = policy.failureRateThreshold() > 0 && rate >= policy.failureRateThreshold();
            if (overMultiple || overThreshold) {
                candidates.add(i);
            }
        }
        // The worst hosts first, while the limit on ejected hosts allows.
        candidates.sort((a, b) -> Double.compare((double) failures[b] / requests[b], (double) failures[a] / requests[a]));
        boolean changed = false;
        for (int i : candidates) {
            String reason = String.format("a failure rate of %.0f%% (%d of %d requests in %s; cluster average %.0f%%)",
                    100.0 * failures[i] / requests[i], failures[i], requests[i], GoDuration.format(policy.interval()),
                    100 * average);
            changed |= ejectLocked(hosts.get(i), reason, now);
        }
        return changed;
    }

    /** Ejects {@code host} unless it is ejected already or the limit on ejected hosts is reached. */
    synchronized void eject(HostOutcomes host, String reason, long now) {
        if (ejectLocked(host, reason, now)) {
            publish();
            scheduleNextWork();
        }
    }

    private boolean ejectLocked(HostOutcomes host, String reason, long now) {
        host.consecutiveFailures.set(0);
        if (host.ejected()) {
            return false;
        }
        if (ejectedCount >= maxEjected) {
            LOG.debug("cluster {}: host {} has {}, but {} of {} hosts are ejected already (the most allowed)",
                    clusterName, host.host().address(), reason, ejectedCount, hosts.size());
            return false;
        }
        if (host.ejectionStreak > 0 && now - host.returnedAtNanos >= host.lastEjectionNanos) {
            host.ejectionStreak = 0;
        }
        host.ejectionStreak++;
        long duration = ejectionTime(host.ejectionStreak);
        host.ejectedUntilNanos = now + duration;
        host.lastEjectionNanos = duration;
        host.setEjected(true);
        ejectedCount++;
        host.counters().ejected();
        clusterCounters.ejected();
        LOG.warn("cluster {}: host {} ejected from load balancing for {} after {} ({} of {} hosts ejected)",
                clusterName, host.host().address(), GoDuration.format(Duration.ofNanos(duration)), reason,
                ejectedCount, hosts.size());
        return true;
    }

    private void returnHost(HostOutcomes host, long now) {
        host.setEjected(false);
        host.returnedAtNanos = now;
        host.consecutiveFailures.set(0);
        host.intervalRequests.reset();
        host.intervalFailures.reset();
        ejectedCount--;
        host.counters().returned();
        clusterCounters.returned();
        LOG.info("cluster {}: host {} returned to load balancing after {}", clusterName, host.host().address(),
                GoDuration.format(Duration.ofNanos(host.lastEjectionNanos)));
    }

    /** @return how long the {@code streak}-th ejection in a row lasts: the base time doubled each time, capped */
    long ejectionTime(int streak) {
        long duration = baseEjectionNanos;
        for (int i = 1; i < streak && duration < maxEjectionNanos; i++) {
            duration = duration > maxEjectionNanos / 2 ? maxEjectionNanos : duration * 2;
        }
        return Math.min(duration, maxEjectionNanos);
    }

    private void scheduleNextWork() {
        long next = intervalEndNanos;
        for (HostOutcomes host : hosts) {
            if (host.ejected() && host.ejectedUntilNanos - next < 0) {
                next = host.ejectedUntilNanos;
            }
        }
        nextWorkNanos = next;
    }

    /** Hands the cluster the hosts that are not ejected, or all of them when every one is. */
    private void publish() {
        List<DefaultHost> available = new ArrayList<>(allHosts.size());
        for (HostOutcomes host : hosts) {
            if (!host.ejected()) {
                available.add(host.host());
            }
        }
        if (available.isEmpty() && !allHosts.isEmpty()) {
            if (!panicLogged) {
                panicLogged = true;
                LOG.warn("cluster {}: every host is ejected; balancing over all of them until some return", clusterName);
            }
            balanceOver.accept(allHosts);
            return;
        }
        panicLogged = false;
        balanceOver.accept(available);
    }
}
