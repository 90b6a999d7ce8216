package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
        LoadBalancer lb = LoadBalancerType.LB_WEIGHTED_ROUNDROBIN.create(List.of(host("a", 5), host("b", 1), host("c", 1)));
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
        LoadBalancer lb = LoadBalancerType.LB_LEAST_REQUEST.create(List.of(busy, idle));
        assertEquals(Map.of("idle", 1000), picks(lb, 1000));
        idle.stats().requests().started();
        assertEquals(Map.of("idle", 1000), picks(lb, 1000));
        for (int i = 0; i < 20; i++) {
            idle.stats().requests().started();
        }
        assertEquals(Map.of("busy", 1000), picks(lb, 1000));
    }

    @ParameterizedTest
    @EnumSource(LoadBalancerType.class)
    void emptyClustersChooseNothing(LoadBalancerType type) {
        assertNull(type.create(List.of()).choose(LoadBalancerContext.NONE));
        assertNull(type.create(List.of()).choose(keyed(42)));
    }

    @ParameterizedTest
    @EnumSource(LoadBalancerType.class)
    void aSingleHostIsAlwaysChosen(LoadBalancerType type) {
        DefaultHost only = host("only", 3);
        LoadBalancer lb = type.create(List.of(only));
        for (int i = 0; i < 100; i++) {
            assertSame(only, lb.choose(i % 2 == 0 ? LoadBalancerContext.NONE : keyed(i)));
        }
    }

    /** Weighted types give idle hosts shares proportional to weight (3:2:1), within 10% of each share. */
    @ParameterizedTest
    @EnumSource(value = LoadBalancerType.class, names = {"LB_WEIGHTED_ROUNDROBIN", "LB_LEAST_REQUEST",
            "LB_LEAST_CONNECTION", "LB_PEAK_EWMA", "LB_MAGLEV", "LB_RING_HASH"})
    void idleHostsGetSharesByWeight(LoadBalancerType type) {
        LoadBalancer lb = type.create(List.of(host("a", 3), host("b", 2), host("c", 1)));
        int n = 60_000;
        Map<String, Integer> counts = picks(lb, n);
        assertShare(counts, "a", n * 3 / 6);
        assertShare(counts, "b", n * 2 / 6);
        assertShare(counts, "c", n / 6);
    }

    /** The hash types spread keys by weight too. */
    @ParameterizedTest
    @EnumSource(value = LoadBalancerType.class, names = {"LB_MAGLEV", "LB_RING_HASH"})
    void keysAreSpreadByWeight(LoadBalancerType type) {
        LoadBalancer lb = type.create(List.of(host("10.0.0.1:80", 3), host("10.0.0.2:80", 2), host("10.0.0.3:80", 1)));
        Map<String, Integer> counts = new HashMap<>();
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            counts.merge(lb.choose(keyed(XxHash64.hash("user-" + i))).address(), 1, Integer::sum);
        }
        assertShare(counts, "10.0.0.1:80", n * 3 / 6);
        assertShare(counts, "10.0.0.2:80", n * 2 / 6);
        assertShare(counts, "10.0.0.3:80", n / 6);
    }

    @ParameterizedTest
    @EnumSource(value = LoadBalancerType.class, names = {"LB_ROUNDROBIN", "LB_REQUEST_ROUNDROBIN"})
    void plainRoundRobinsIgnoreWeights(LoadBalancerType type) {
        LoadBalancer lb = type.create(List.of(host("a", 5), host("b", 1), host("c", 1)));
        assertEquals(Map.of("a", 100, "b", 100, "c", 100), picks(lb, 300));
    }

    @Test
    void leastConnectionPrefersTheHostWithFewerConnections() {
        DefaultHost crowded = host("crowded", 1);
        DefaultHost quiet = host("quiet", 1);
        for (int i = 0; i < 5; i++) {
            crowded.stats().connections().opened();
        }
        LoadBalancer lb = LoadBalancerType.LB_LEAST_CONNECTION.create(List.of(crowded, quiet));
        assertEquals(Map.of("quiet", 1000), picks(lb, 1000));
        for (int i = 0; i < 6; i++) {
            quiet.stats().connections().opened();
        }
        assertEquals(Map.of("crowded", 1000), picks(lb, 1000));
    }

    @Test
    void peakEwmaPrefersTheFasterHostUntilItsQueueCostsMore() {
        long[] now = {0};
        DefaultHost fast = host("fast", 1);
        DefaultHost slow = host("slow", 1);
        fast.latency().record(10_000_000, true, 0);
        slow.latency().record(50_000_000, true, 0);
        LoadBalancer lb = new PeakEwmaLoadBalancer(List.of(fast, slow), DefaultHost::weight, () -> now[0]);
        assertEquals(Map.of("fast", 1000), picks(lb, 1000));
        // 10ms x (5 + 1) in flight costs more than 50ms x (0 + 1).
        for (int i = 0; i < 5; i++) {
            fast.stats().requests().started();
        }
        assertEquals(Map.of("slow", 1000), picks(lb, 1000));
    }

    @Test
    void peakEwmaAvoidsAHostAsSoonAsItTurnsSlow() {
        DefaultHost a = host("a", 1);
        DefaultHost b = host("b", 1);
        a.latency().record(10_000_000, true, 0);
        b.latency().record(20_000_000, true, 0);
        LoadBalancer lb = new PeakEwmaLoadBalancer(List.of(a, b), DefaultHost::weight, () -> 1);
        assertEquals(Map.of("a", 100), picks(lb, 100));
        a.latency().record(900_000_000, true, 1);
        assertEquals(Map.of("b", 100), picks(lb, 100));
    }

    @Test
    void peakEwmaProbesAnUnmeasuredHostOnceAtATime() {
        DefaultHost measured = host("measured", 1);
        DefaultHost fresh = host("fresh", 1);
        measured.latency().record(10_000_000, true, 0);
        LoadBalancer lb = new PeakEwmaLoadBalancer(List.of(measured, fresh), DefaultHost::weight, () -> 0);
        assertEquals(Map.of("fresh", 100), picks(lb, 100), "an idle unmeasured host costs nothing");
        fresh.stats().requests().started();
        assertEquals(Map.of("measured", 100), picks(lb, 100), "while its probe is in flight it costs the most");
    }

    @Test
    void weightedSchedulesReduceWeightsByTheirCommonDivisor() {
        List<DefaultHost> hosts = List.of(host("a", 40), host("b", 20));
        assertEquals(3, WeightedSchedule.build(hosts, DefaultHost::weight).size());
    }

    private static void assertShare(Map<String, Integer> counts, String host, int expected) {
        int got = counts.getOrDefault(host, 0);
        assertTrue(Math.abs(got - expected) < expected * 0.1, host + " got " + got + ", expected about " + expected
                + ": " + counts);
    }

    /** @return a context with the given hash key */
    static LoadBalancerContext keyed(long key) {
        return new LoadBalancerContext() {
            @Override
            public long hashKey() {
                return key;
            }
        };
    }
}
