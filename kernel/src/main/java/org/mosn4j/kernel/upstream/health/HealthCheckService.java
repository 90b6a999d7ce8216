package org.mosn4j.kernel.upstream.health;

import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.StaticCluster;

/**
 * The health checks of a running server: a {@link HealthChecker} for each cluster with a {@code health_check}
 * and hosts, all on one event loop of their own (thread {@code mosn4j-health-*}), created only when some
 * cluster checks. Health checks are rare and short, so one loop serves every cluster and stays off the workers
 * that carry traffic. Thread-safe.
 */
public final class HealthCheckService {

    private final List<HealthChecker> checkers;
    private final EventLoopGroup group;

    private HealthCheckService(List<HealthChecker> checkers, EventLoopGroup group) {
        this.checkers = checkers;
        this.group = group;
    }

    /**
     * Starts checking every cluster that has a {@code health_check}.
     *
     * @param clusters the clusters
     * @param transport the socket transport
     * @return the running checks; {@link #stop()} them on shutdown
     */
    public static HealthCheckService start(DefaultClusterManager clusters, Transport transport) {
        List<HealthChecker> checkers = new ArrayList<>();
        for (String name : clusters.clusterNames()) {
            StaticCluster cluster = clusters.staticCluster(name);
            if (cluster.healthCheck() != null && !cluster.hosts().isEmpty()) {
                checkers.add(new HealthChecker(cluster, cluster.healthCheck(), transport));
            }
        }
        if (checkers.isEmpty()) {
            return new HealthCheckService(List.of(), null);
        }
        EventLoopGroup group = transport.newEventLoopGroup(1, "mosn4j-health");
        checkers.forEach(checker -> checker.start(group.next()));
        return new HealthCheckService(List.copyOf(checkers), group);
    }

    /** @return the checker of each cluster that is checked */
    public List<HealthChecker> checkers() {
        return checkers;
    }

    /** Stops every check and ends the health check thread, waiting for it. Idempotent. */
    public void stop() {
        checkers.forEach(HealthChecker::stop);
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
