package org.mosn4j.kernel.upstream.health;

import io.netty.channel.EventLoopGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.StaticCluster;

/**
 * The health checks of a running server: a {@link HealthChecker} for each cluster with a {@code health_check}
 * and hosts, all on one event loop of their own (thread {@code mosn4j-health-*}), created only when some
 * cluster checks. Config changes start, replace and stop checkers by cluster name. Health checks are rare and short, so one loop serves every cluster and stays off the workers
 * that carry traffic. Thread-safe.
 */
public final class HealthCheckService {

    private final Map<String, HealthChecker> checkers = new LinkedHashMap<>();
    private final Transport transport;
    /* Guarded by this; created when the first cluster asks for checks. */
    private EventLoopGroup group;
    private boolean stopped;

    private HealthCheckService(Transport transport) {
        this.transport = transport;
    }

    /**
     * Starts checking every cluster that has a {@code health_check}.
     *
     * @param clusters the clusters
     * @param transport the socket transport
     * @return the running checks; {@link #stop()} them on shutdown
     */
    public static HealthCheckService start(DefaultClusterManager clusters, Transport transport) {
        HealthCheckService service = new HealthCheckService(transport);
        for (String name : clusters.clusterNames()) {
            service.check(clusters.staticCluster(name));
        }
        return service;
    }

    /**
     * Checks {@code cluster} from now on, in place of whatever checked a cluster of its name before (a config
     * change replaced the cluster or its hosts). A cluster without {@code health_check} or hosts is not checked.
     *
     * @param cluster the cluster now in force
     */
    public synchronized void check(StaticCluster cluster) {
        if (stopped) {
            return;
        }
        HealthChecker old = checkers.remove(cluster.name());
        if (old != null) {
            old.stop();
        }
        if (cluster.healthCheck() == null || cluster.hosts().isEmpty()) {
            return;
        }
        if (group == null) {
            group = transport.newEventLoopGroup(1, "mosn4j-health");
        }
        HealthChecker checker = new HealthChecker(cluster, cluster.healthCheck(), transport);
        checkers.put(cluster.name(), checker);
        checker.start(group.next());
    }

    /**
     * Stops checking the cluster of this name (a config change removed it).
     *
     * @param clusterName the cluster's name
     */
    public synchronized void forget(String clusterName) {
        HealthChecker old = checkers.remove(clusterName);
        if (old != null) {
            old.stop();
        }
    }

    /** @return the checker of each cluster that is checked */
    public synchronized List<HealthChecker> checkers() {
        return List.copyOf(checkers.values());
    }

    /** Stops every check and ends the health check thread, waiting for it. Idempotent. */
    public synchronized void stop() {
        stopped = true;
        checkers.values().forEach(HealthChecker::stop);
        checkers.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
