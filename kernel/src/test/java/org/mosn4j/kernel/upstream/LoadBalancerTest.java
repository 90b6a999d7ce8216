package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.upstream.LoadBalancerContext;

class LoadBalancerTest {

    private static DefaultHost host(String name, int weight) {
        return new DefaultHost(name, new InetSocketAddress("127.0.0.1", 80), name, weight, Map.of(), "c");
    }

    private static Map<String, Integer> picks(LoadBalancer lb, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(lb.choose(LoadBalancerContext.NONE).address(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinTakesEachHostInTurn() {
        LoadBalancer lb = RoundRobinLoadBalancer.plain(List.of(host("a", 5), host("b", 1), host("c", 1)));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(lb.choose(LoadBalancerContext.NONE).address());
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), order);
    }

    @Test
    void weightedRoundRobinGivesSharesByWeightAndSpreadsThem() {
        LoadBalancer lb = RoundRobinLoadBalancer.weighted(List.of(host("a", 5), host("b", 1), host("c", 1)));
        List<String> cycle = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            cycle.add(lb.choose(LoadBalancerContext.NONE).address());
        }
        // Smooth weighted round robin: the heavy host is interleaved with the others, not sent five in a row.
        assertEquals(List.of("a", "a", "b", "a", "c", "a", "a"), cycle);
        assertEquals(Map.of("a", 500, "b", 100, "c", 100), picks(lb, 700));
    }

    @Test
    void randomReachesEveryHostRoughlyEvenly() {
        LoadBalancer lb = new RandomLoadBalancer(List.of(host("a", 1), host("b", 1), host("c", 1)));
        Map<String, Integer> counts = picks(lb, 30_000);
        assertEquals(3, counts.size());
        for (int count : counts.values()) {
            assertTrue(count > 8_000 && count < 12_000, counts.toString());
        }
    }

    @Test
    void leastRequestPrefersTheLessBusyOfTwoHosts() {
        DefaultHost busy = host("busy", 1);
        DefaultHost idle = host("idle", 1);
        for (int i = 0; i < 10; i++) {
            busy.stats().requests().started();
        }
        LoadBalancer lb = new LeastRequestLoadBalancer(List.of(busy, idle));
        assertEquals(Map.of("idle", 1000), picks(lb, 1000));
        idle.stats().requests().started();
        assertEquals(Map.of("idle", 1000), picks(lb, 1000));
        for (int i = 0; i < 20; i++) {
            idle.stats().requests().started();
        }
        assertEquals(Map.of("busy", 1000), picks(lb, 1000));
    }

    @Test
    void emptyClustersChooseNothing() {
        assertNull(RoundRobinLoadBalancer.plain(List.of()).choose(LoadBalancerContext.NONE));
        assertNull(RoundRobinLoadBalancer.weighted(List.of()).choose(LoadBalancerContext.NONE));
        assertNull(new RandomLoadBalancer(List.of()).choose(LoadBalancerContext.NONE));
        assertNull(new LeastRequestLoadBalancer(List.of()).choose(LoadBalancerContext.NONE));
    }
}
