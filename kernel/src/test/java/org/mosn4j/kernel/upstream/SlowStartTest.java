package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.SlowStartConfig;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.stats.UpstreamStats;
import org.mosn4j.kernel.upstream.pool.PoolSettings;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * Slow start on a clock the test moves: a host that passes its health check again ramps from its minimum
 * weight to its full weight over the window, while hosts that were there from the start are warm.
 */
class SlowStartTest {

    private static final long S = 1_000_000_000L;

    private final long[] now = {0};

    private static SlowStartSettings settings(String window, Double aggression, Double minWeightPercent)
            throws Exception {
        return SlowStartSettings.parse(new SlowStartConfig("duration", Duration.parse("PT" + window.toUpperCase()),
                aggression, minWeightPercent), "slow_start");
    }

    private StaticCluster cluster(LoadBalancerType type, SlowStartSettings slowStart) {
        List<DefaultHost> hosts = List.of(host("a"), host("b"), host("c"));
        return new StaticCluster("c", hosts, ClusterLoadBalancerFactory.of("c", type, null, slowStart, () -> now[0]),
                Transport.detect(), Duration.ofSeconds(1), 65536, new UpstreamStats(),
                new PoolSettings(0, PoolSettings.DEFAULT_IDLE_TIMEOUT, PoolSettings.DEFAULT_MAX_PENDING), null, null);
    }

    private static DefaultHost host(String name) {
        return new DefaultHost(name, new InetSocketAddress("127.0.0.1", 80), name, 1, Map.of(), "c");
    }

    private static Map<String, Integer> picks(StaticCluster cluster, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(cluster.chooseHost(LoadBalancerContext.NONE).address(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void theFactorFollowsMosnsAndEnvoysFormula() throws Exception {
        SlowStartSettings linear = settings("100s", null, null);
        assertEquals(0.1, linear.factor(0), 1e-9, "at least min_weight_percent, 10% by default");
        assertEquals(0.1, linear.factor(10 * S), 1e-9);
        assertEquals(0.5, linear.factor(50 * S), 1e-9);
        assertEquals(1.0, linear.factor(100 * S), 1e-9);
        assertEquals(10 * S, linear.stepNanos());
        SlowStartSettings aggressive = settings("100s", 2.0, 0.25);
        assertEquals(Math.sqrt(0.5), aggressive.factor(50 * S), 1e-9);
        assertEquals(0.25, aggressive.factor(1 * S), 1e-9);
        assertEquals(0.25, settings("100s", null, 25.0).minWeight(), 1e-9, "Envoy's percentage reads the same");
    }

    @Test
    void aHostBackFromFailingItsHealthCheckRampsUpUnderWeightedRoundRobin() throws Exception {
        StaticCluster cluster = cluster(LoadBalancerType.LB_WEIGHTED_ROUNDROBIN, settings("100s", null, null));
        assertEquals(Map.of("a", 100, "b", 100, "c", 100), picks(cluster, 300), "hosts of the first build are warm");

        DefaultHost c = cluster.hosts().get(2);
        c.markHealthy(false);
        cluster.refreshHosts();
        assertEquals(Map.of("a", 150, "b", 150), picks(cluster, 300));

        now[0] = 10 * S;
        c.markHealthy(true);
        cluster.refreshHosts();
        assertEquals(Map.of("a", 1000, "b", 1000, "c", 100), picks(cluster, 2100), "10% of its weight at first");

        now[0] = 15 * S;
        assertEquals(Map.of("a", 1000, "b", 1000, "c", 100), picks(cluster, 2100), "the next step is not due yet");

        now[0] = 60 * S;
        assertEquals(Map.of("a", 1000, "b", 1000, "c", 500), picks(cluster, 2500), "half of it half way");

        now[0] = 110 * S;
        assertEquals(Map.of("a", 100, "b", 100, "c", 100), picks(cluster, 300), "all of it after the window");
    }

    @Test
    void aRampingHostGetsItsShareUnderLeastRequest() throws Exception {
        StaticCluster cluster = cluster(LoadBalancerType.LB_LEAST_REQUEST, settings("100s", null, null));
        DefaultHost c = cluster.hosts().get(2);
        c.markHealthy(false);
        cluster.refreshHosts();
        c.markHealthy(true);
        cluster.refreshHosts();
        now[0] = 50 * S;
        int n = 50_000;
        int share = picks(cluster, n).getOrDefault("c", 0);
        // Weights 1 : 1 : 0.5 while the hosts are idle.
        assertTrue(Math.abs(share - n * 0.2) < n * 0.02, "c got " + share + " of " + n);
        now[0] = 100 * S;
        share = picks(cluster, n).getOrDefault("c", 0);
        assertTrue(Math.abs(share - n / 3.0) < n * 0.03, "c got " + share + " of " + n);
    }

    @Test
    void hashBalancersIgnoreSlowStart() throws Exception {
        LoadBalancerFactory factory = ClusterLoadBalancerFactory.of("c", LoadBalancerType.LB_MAGLEV, null,
                settings("100s", null, null), () -> now[0]);
        assertEquals(LoadBalancerType.LB_MAGLEV, factory, "a ramp would move keys at every step");
    }

    @Test
    void noDurationTurnsSlowStartOff() throws Exception {
        assertEquals(null, SlowStartSettings.parse(new SlowStartConfig("duration", null, 2.0, 0.1), "slow_start"));
        assertEquals(null, SlowStartSettings.parse(null, "slow_start"));
    }
}
