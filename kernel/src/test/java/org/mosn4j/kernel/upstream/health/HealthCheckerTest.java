package org.mosn4j.kernel.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.build;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.closedPort;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.cluster;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.stats.StatsRegistry;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * A cluster's health checks against real backends: a host that fails its checks leaves the balancer and comes
 * back after passing again, with every check counted; panic mode when no host is healthy; stop.
 */
@Timeout(60)
class HealthCheckerTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static EventLoopGroup loops;

    @BeforeAll
    static void startLoop() {
        loops = Transport.detect().newEventLoopGroup(1, "health-checker-test");
    }

    @AfterAll
    static void stopLoop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static DefaultClusterManager clusters(String healthCheck, String... hosts) throws Exception {
        HealthCheckTests.Built built = build(cluster("c", healthCheck, hosts));
        assertEquals(List.of(), built.problems());
        return built.clusters();
    }

    private static HealthChecker start(StaticCluster cluster) {
        HealthChecker checker = new HealthChecker(cluster, cluster.healthCheck(), Transport.detect());
        checker.start(loops.next());
        return checker;
    }

    private static Set<String> picks(StaticCluster cluster) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(cluster.chooseHost(LoadBalancerContext.NONE).address());
        }
        return seen;
    }

    private static Map<String, Long> stats(DefaultClusterManager clusters, String name) {
        StatsRegistry stats = new StatsRegistry();
        clusters.registerStats(stats);
        return stats.snapshot().get(StatsRegistry.UPSTREAM).get(name);
    }

    @Test
    void aFailingHostLeavesTheBalancerAndReturnsAfterHealthyThresholdPasses() throws Exception {
        try (HttpBackend a = new HttpBackend(); HttpBackend b = new HttpBackend()) {
            String hostA = "127.0.0.1:" + a.port();
            String hostB = "127.0.0.1:" + b.port();
            DefaultClusterManager clusters = clusters("""
                    {"protocol": "http", "timeout": "2s", "interval": "50ms", "initial_delay_seconds": "0s",
                     "healthy_threshold": 3, "unhealthy_threshold": 2,
                     "check_config": {"http_check_config": {"path": "/health"}}}
                    """, hostA, hostB);
            StaticCluster cluster = clusters.staticCluster("c");
            DefaultHost first = cluster.hosts().get(0);
            HealthChecker checker = start(cluster);
            try {
                Eventually.await(LIMIT, () -> first.health().passed() >= 2, () -> "host a passed twice");
                assertEquals(Set.of(hostA, hostB), picks(cluster));

                a.status(503);
                Eventually.await(LIMIT, () -> !first.healthy(), () -> "host a marked unhealthy");
                assertTrue(first.health().failed() >= 2, "unhealthy only after two failures in a row");
                assertEquals(Set.of(hostB), picks(cluster), "the balancer leaves the unhealthy host out");
                assertFalse(cluster.panicking());

                long passesBefore = first.health().passed();
                a.status(200);
                Eventually.await(LIMIT, first::healthy, () -> "host a healthy again");
                assertTrue(first.health().passed() - passesBefore >= 3, "healthy only after three passes in a row");
                assertEquals(Set.of(hostA, hostB), picks(cluster));

            } finally {
                checker.stop();
            }
            Map<String, Long> statsA = stats(clusters, "cluster.c.host." + hostA);
            Map<String, Long> statsB = stats(clusters, "cluster.c.host." + hostB);
            assertEquals(1L, statsA.get("health_check_unhealthy_change"));
            assertEquals(1L, statsA.get("health_check_healthy_change"));
            assertEquals(1L, statsA.get("healthy"));
            assertEquals(0L, statsB.get("health_check_failure"));
            Map<String, Long> clusterStats = stats(clusters, "cluster.c");
            assertEquals(1L, clusterStats.get("health_check_unhealthy_change"));
            assertEquals(1L, clusterStats.get("health_check_healthy_change"));
            assertEquals(0L, clusterStats.get("lb_panic"));
            assertEquals(statsA.get("health_check_success") + statsB.get("health_check_success"),
                    clusterStats.get("health_check_success"), "every check is counted in the cluster too");
            assertEquals(statsA.get("health_check_failure"), clusterStats.get("health_check_failure"));
        }
    }

    @Test
    void withNoHealthyHostTheClusterPanicsAndStillChoosesHosts() throws Exception {
        String dead1 = "127.0.0.1:" + closedPort();
        String dead2 = "127.0.0.1:" + closedPort();
        DefaultClusterManager clusters = clusters("""
                {"timeout": "1s", "interval": "50ms", "initial_delay_seconds": 0}
                """, dead1, dead2);
        StaticCluster cluster = clusters.staticCluster("c");
        HealthChecker checker = start(cluster);
        try {
            Eventually.await(LIMIT, () -> cluster.hosts().stream().noneMatch(DefaultHost::healthy),
                    () -> "both hosts marked unhealthy");
            assertTrue(cluster.panicking());
            assertEquals(Set.of(dead1, dead2), picks(cluster), "panic mode balances over every host");
            assertEquals(1L, stats(clusters, "cluster.c").get("lb_panic"));
            assertEquals(2L, stats(clusters, "cluster.c").get("health_check_unhealthy_change"));
        } finally {
            checker.stop();
        }
    }

    @Test
    void stopLeavesNothingScheduled() throws Exception {
        try (HttpBackend backend = new HttpBackend()) {
            StaticCluster cluster = clusters("""
                    {"protocol": "Http1", "interval": "20ms", "initial_delay_seconds": "0s"}
                    """, "127.0.0.1:" + backend.port()).staticCluster("c");
            HealthChecker checker = start(cluster);
            DefaultHost host = cluster.hosts().get(0);
            Eventually.await(LIMIT, () -> host.health().passed() >= 3, () -> "three checks passed");
            checker.stop();
            assertFalse(loops.next().submit(checker::active).get(10, TimeUnit.SECONDS), "nothing scheduled");
            long checks = host.health().passed() + host.health().failed();
            loops.next().schedule(() -> null, 200, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
            assertEquals(checks, host.health().passed() + host.health().failed(), "no check ran after stop");
            checker.stop();
        }
    }
}
