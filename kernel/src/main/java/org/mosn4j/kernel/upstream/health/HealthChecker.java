package org.mosn4j.kernel.upstream.health;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.kernel.upstream.health.HostHealth.Change;
import org.mosn4j.spi.config.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health checks of one cluster: a {@link HostChecker} per host and a {@link HostHealth} judging its results.
 * Each check is counted in the host's and the cluster's {@code HealthCounters}. When a host turns unhealthy or
 * healthy again, the checker marks it ({@link DefaultHost#markHealthy}) and has the cluster rebuild its balancer
 * ({@link StaticCluster#refreshHosts()}), which leaves unhealthy hosts out, or balances over all of them when none
 * is healthy (panic mode).
 *
 * <p>Threading: {@link #start} and {@link #stop} may be called from any thread; everything else runs on the event
 * loop given to {@code start}.
 */
public final class HealthChecker {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final StaticCluster cluster;
    private final HealthCheckSettings settings;
    private final HealthCheck check;
    /** Confined to the loop. */
    private final List<HostChecker> hosts = new ArrayList<>();
    private volatile EventLoop loop;
    private volatile boolean stopped;

    /**
     * @param cluster the cluster whose hosts to check
     * @param settings how to check them
     * @param transport the socket transport of the checks' connections (that of {@code start}'s loop)
     */
    public HealthChecker(StaticCluster cluster, HealthCheckSettings settings, Transport transport) {
        this.cluster = cluster;
        this.settings = settings;
        this.check = settings.newCheck(transport);
    }

    /**
     * Starts checking every host of the cluster on {@code loop}; returns at once.
     *
     * @param loop the event loop of every check and timer; of the same transport as the constructor's
     * @throws IllegalStateException when already started
     */
    public synchronized void start(EventLoop loop) {
        if (this.loop != null) {
            throw new IllegalStateException("health checks of cluster " + cluster.name() + " already started");
        }
        this.loop = loop;
        LOG.info("cluster {}: health checking {} host(s) by {} every {}{}, timeout {}, unhealthy after {} failure(s), "
                        + "healthy after {} pass(es){}", cluster.name(), cluster.hosts().size(), settings.describe(),
                GoDuration.format(settings.interval()), settings.intervalJitter().isZero() ? ""
                        : " (+ up to " + GoDuration.format(settings.intervalJitter()) + ")",
                GoDuration.format(settings.timeout()), settings.unhealthyThreshold(), settings.healthyThreshold(),
                settings.serviceName().isEmpty() ? "" : ", service " + settings.serviceName());
        loop.execute(() -> {
            if (stopped) {
                return;
            }
            for (DefaultHost host : cluster.hosts()) {
                HostHealth health = new HostHealth(settings.healthyThreshold(), settings.unhealthyThreshold());
                HostChecker checker = new HostChecker(host.socketAddress(), check, settings, loop,
                        result -> judge(host, health, result));
                hosts.add(checker);
                checker.start();
            }
        });
    }

    /**
     * Stops every check: no check runs, and nothing of this checker stays scheduled, once this returns (when called
     * off the loop; on the loop, once the current task ends). Idempotent.
     */
    public void stop() {
        stopped = true;
        EventLoop current = loop;
        if (current == null) {
            return;
        }
        if (current.inEventLoop()) {
            stopHosts();
            return;
        }
        try {
            current.submit(this::stopHosts).awaitUninterruptibly();
        } catch (RejectedExecutionException e) {
            // The loop is shutting down: it runs no more scheduled tasks and closes its channels itself.
        }
    }

    /** @return whether any host has a check running or scheduled; call on the loop */
    boolean active() {
        return hosts.stream().anyMatch(HostChecker::active);
    }

    /** @return the cluster checked */
    public StaticCluster cluster() {
        return cluster;
    }

    private void stopHosts() {
        hosts.forEach(HostChecker::stop);
    }

    private void judge(DefaultHost host, HostHealth health, CheckResult result) {
        if (result.passed()) {
            host.health().checkPassed();
            cluster.health().checkPassed();
            if (health.passed() == Change.BECAME_HEALTHY) {
                host.markHealthy(true);
                host.health().becameHealthy();
                cluster.health().becameHealthy();
                cluster.refreshHosts();
                LOG.info("cluster {}: host {} is healthy again after {} passed health check(s) ({}): {}",
                        cluster.name(), host.address(), health.consecutivePasses(), settings.describe(), result.reason());
            }
            return;
        }
        host.health().checkFailed();
        cluster.health().checkFailed();
        LOG.debug("cluster {}: health check of host {} failed ({}): {}", cluster.name(), host.address(),
                settings.describe(), result.reason());
        if (health.failed() == Change.BECAME_UNHEALTHY) {
            host.markHealthy(false);
            host.health().becameUnhealthy();
            cluster.health().becameUnhealthy();
            cluster.refreshHosts();
            LOG.warn("cluster {}: host {} is unhealthy after {} failed health check(s) ({}): {}", cluster.name(),
                    host.address(), health.consecutiveFailures(), settings.describe(), result.reason());
        }
    }
}
