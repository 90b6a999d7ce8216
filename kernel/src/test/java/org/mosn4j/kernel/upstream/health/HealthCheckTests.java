package org.mosn4j.kernel.upstream.health;

import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.upstream.ClusterManagerBuilder;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/** Shared steps of the health check tests. */
final class HealthCheckTests {

    private HealthCheckTests() {
    }

    /** Runs one check on {@code loop} and waits up to 10s for its outcome. */
    static CheckResult runOnce(HealthCheck check, InetSocketAddress address, EventLoop loop, Duration timeout)
            throws Exception {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        loop.execute(() -> check.start(address, loop, timeout, result::complete));
        return result.get(10, TimeUnit.SECONDS);
    }

    /** @return a loopback port that nothing listens on (bound once, then closed) */
    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Builds the clusters of a {@code cluster_manager} block.
     *
     * @param clustersJson the elements of {@code clusters}
     * @return the clusters and every problem found
     */
    static Built build(String clustersJson) throws Exception {
        ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree(
                "{\"clusters\": [" + clustersJson + "]}"), ClusterManagerConfig.class, "cluster_manager");
        ConfigProblems problems = new ConfigProblems();
        DefaultClusterManager clusters = ClusterManagerBuilder.build(config, Transport.detect(), problems);
        return new Built(clusters, problems.all());
    }

    /** What {@link #build} made. */
    record Built(DefaultClusterManager clusters, List<ConfigException> problems) {
    }

    /** @return a cluster named {@code name} with the given hosts ({@code "ip:port"}) and {@code health_check} */
    static String cluster(String name, String healthCheck, String... hosts) {
        StringBuilder list = new StringBuilder();
        for (String host : hosts) {
            list.append(list.length() == 0 ? "" : ", ").append("{\"address\": \"").append(host).append("\"}");
        }
        return "{\"name\": \"" + name + "\", \"lb_type\": \"LB_ROUNDROBIN\", \"health_check\": " + healthCheck
                + ", \"hosts\": [" + list + "]}";
    }
}
