package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.stats.StatsRegistry;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.upstream.HostEjectionPolicy;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/** Every load balancer leaves ejected hosts out, and balances over all hosts when every one is ejected. */
class EjectionAwareBalancingTest {

    private static final HostEjectionPolicy EJECT_ON_FIRST_FAILURE = new HostEjectionPolicy(Set.of(502, 503, 504), 1,
            Duration.ofMinutes(1), 10, 0, 0, 3, 0, Duration.ofMinutes(5), Duration.ofMinutes(10));

    private static DefaultClusterManager clusters(String lbType) throws Exception {
        ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree("""
                {"clusters": [{"name": "c", "lb_type": "%s", "hosts": [
                  {"address": "127.0.0.1:1001", "weight": 3}, {"address": "127.0.0.1:1002", "weight": 2},
                  {"address": "127.0.0.1:1003", "weight": 1}]}]}
                """.formatted(lbType)), ClusterManagerConfig.class, "cluster_manager");
        ConfigProblems problems = new ConfigProblems();
        DefaultClusterManager clusters = ClusterManagerBuilder.build(config, Transport.detect(), problems);
        assertEquals(List.of(), problems.all());
        return clusters;
    }

    private static Map<String, Integer> picks(StaticCluster cluster, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(cluster.chooseHost(LoadBalancerContext.NONE).address(), 1, Integer::sum);
        }
        return counts;
    }

    @ParameterizedTest
    @EnumSource(LoadBalancerType.class)
    void ejectedHostsArePickedNoMore(LoadBalancerType type) throws Exception {
        StaticCluster cluster = clusters(type.name()).staticCluster("c");
        cluster.enableHostEjection(EJECT_ON_FIRST_FAILURE);
        List<DefaultHost> hosts = cluster.hosts();
        assertEquals(3, picks(cluster, 600).size());

        hosts.get(0).connectFailed();
        assertTrue(hosts.get(0).ejected());
        assertEquals(Set.of("127.0.0.1:1002", "127.0.0.1:1003"), picks(cluster, 600).keySet());

        hosts.get(2).stats().requests().reset();
        assertEquals(Set.of("127.0.0.1:1002"), picks(cluster, 600).keySet());

        hosts.get(1).stats().requests().timedOut();
        assertEquals(3, picks(cluster, 600).size(), "with every host ejected, all are balanced over");
        assertEquals(3, cluster.ejections().active());
    }

    @Test
    void aClusterTakesOnePolicy() throws Exception {
        StaticCluster cluster = clusters("LB_ROUNDROBIN").staticCluster("c");
        cluster.enableHostEjection(EJECT_ON_FIRST_FAILURE);
        cluster.enableHostEjection(new HostEjectionPolicy(Set.of(502, 503, 504), 1, Duration.ofMinutes(1), 10, 0, 0, 3,
                0, Duration.ofMinutes(5), Duration.ofMinutes(10)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cluster.enableHostEjection(
                new HostEjectionPolicy(Set.of(503), 1, Duration.ofMinutes(1), 10, 0, 0, 3, 0, Duration.ofMinutes(5),
                        Duration.ofMinutes(10))));
        assertEquals("cluster c already ejects hosts by different settings", e.getMessage());
    }

    @Test
    void ejectionsAreCountedInTheClusterAndHostStats() throws Exception {
        DefaultClusterManager clusters = clusters("LB_RANDOM");
        StaticCluster cluster = clusters.staticCluster("c");
        cluster.enableHostEjection(EJECT_ON_FIRST_FAILURE);
        cluster.hosts().get(1).connectFailed();
        StatsRegistry stats = new StatsRegistry();
        clusters.registerStats(stats);
        Map<String, Map<String, Long>> upstream = stats.snapshot().get(StatsRegistry.UPSTREAM);
        assertEquals(1L, upstream.get("cluster.c").get("outlier_ejections_active"));
        assertEquals(1L, upstream.get("cluster.c").get("outlier_ejections_total"));
        assertEquals(0L, upstream.get("cluster.c").get("outlier_returns_total"));
        assertEquals(1L, upstream.get("cluster.c.host.127.0.0.1:1002").get("outlier_ejections_active"));
        assertEquals(0L, upstream.get("cluster.c.host.127.0.0.1:1001").get("outlier_ejections_total"));
    }
}
