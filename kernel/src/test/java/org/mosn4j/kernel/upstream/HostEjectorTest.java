package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.stats.EjectionCounters;
import org.mosn4j.spi.upstream.HostEjectionPolicy;

/** The ejection rules on a clock the test moves: consecutive failures, failure rates, limits, backoff, returns. */
class HostEjectorTest {

    private static final Set<Integer> GATEWAY_ERRORS = Set.of(502, 503, 504);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<List<String>> published = new ArrayList<>();
    private final EjectionCounters clusterCounters = new EjectionCounters();

    private static List<DefaultHost> hosts(int n) {
        List<DefaultHost> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hosts.add(new DefaultHost("h" + i, new InetSocketAddress("127.0.0.1", 1000 + i), "h" + i, 1, Map.of(), "c"));
        }
        return hosts;
    }

    private static HostEjectionPolicy policy(int consecutive, double multiple, double threshold, int maxHosts,
            double maxRatio) {
        return new HostEjectionPolicy(GATEWAY_ERRORS, consecutive, Duration.ofSeconds(10), 10, multiple, threshold,
                maxHosts, maxRatio, Duration.ofSeconds(30), Duration.ofSeconds(100));
    }

    private HostEjector ejector(List<DefaultHost> hosts, HostEjectionPolicy policy) {
        HostEjector ejector = new HostEjector("c", hosts, policy,
                available -> published.add(available.stream().map(DefaultHost::address).toList()), clusterCounters,
                clock::get);
        ejector.start();
        return ejector;
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    private static void respond(DefaultHost host, int status, int times) {
        for (int i = 0; i < times; i++) {
            host.outcomes().onResponse(status);
        }
    }

    private List<String> lastPublished() {
        return published.get(published.size() - 1);
    }

    @Test
    void consecutiveFailuresEjectAndASuccessStartsTheCountAgain() {
        List<DefaultHost> hosts = hosts(2);
        ejector(hosts, policy(3, 0, 0, 1, 0));
        DefaultHost h0 = hosts.get(0);
        respond(h0, 503, 2);
        respond(h0, 200, 1);
        respond(h0, 503, 2);
        assertFalse(h0.ejected());
        respond(h0, 503, 1);
        assertTrue(h0.ejected());
        assertEquals(List.of("h1"), lastPublished());
        assertEquals(1, clusterCounters.active());
        assertEquals(1, h0.ejections().total());
    }

    @Test
    void resetsTimeoutsAndConnectFailuresCountAsTheirGatewayStatusesAndOtherStatusesDoNot() {
        List<DefaultHost> hosts = hosts(2);
        ejector(hosts, policy(3, 0, 0, 1, 0));
        DefaultHost h0 = hosts.get(0);
        respond(h0, 500, 5);
        respond(h0, 404, 5);
        assertFalse(h0.ejected());
        h0.stats().requests().reset();
        h0.stats().requests().timedOut();
        h0.connectFailed();
        assertTrue(h0.ejected());
    }

    @Test
    void responsesCountedByTheHostsStatsReachTheEjector() {
        List<DefaultHost> hosts = hosts(2);
        ejector(hosts, policy(2, 0, 0, 1, 0));
        DefaultHost h1 = hosts.get(1);
        h1.stats().requests().started();
        h1.stats().requests().finished(502, 1_000, true);
        h1.stats().requests().started();
        // A request given up by the proxy (no status) is neither a success nor a failure.
        h1.stats().requests().finished(0, 1_000, false);
        h1.stats().requests().started();
        h1.stats().requests().finished(504, 1_000, true);
        assertTrue(h1.ejected());
    }

    @Test
    void nothingIsJudgedBeforeEjectionIsTurnedOn() {
        DefaultHost host = hosts(1).get(0);
        respond(host, 503, 100);
        assertFalse(host.ejected());
        assertEquals(0, host.ejections().total());
    }

    @Test
    void anEjectedHostReturnsAfterItsEjectionTimeWithTheNextOutcome() {
        List<DefaultHost> hosts = hosts(2);
        ejector(hosts, policy(1, 0, 0, 1, 0));
        DefaultHost h0 = hosts.get(0);
        DefaultHost h1 = hosts.get(1);
        respond(h0, 502, 1);
        assertTrue(h0.ejected());
        advance(Duration.ofSeconds(29));
        respond(h1, 200, 1);
        assertTrue(h0.ejected());
        advance(Duration.ofSeconds(1));
        respond(h1, 200, 1);
        assertFalse(h0.ejected());
        assertEquals(List.of("h0", "h1"), lastPublished());
        assertEquals(0, clusterCounters.active());
        assertEquals(0, h0.ejections().active());
    }

    @Test
    void ejectionsSoonAfterAReturnLastTwiceAsLongUpToTheMaximum() {
        List<DefaultHost> hosts = hosts(2);
        HostEjector ejector = ejector(hosts, policy(1, 0, 0, 1, 0));
        DefaultHost h0 = hosts.get(0);
        DefaultHost h1 = hosts.get(1);
        long[] expectedSeconds = {30, 60, 100, 100};
        for (long seconds : expectedSeconds) {
            respond(h0, 502, 1);
            assertTrue(h0.ejected());
            advance(Duration.ofSeconds(seconds).minusMillis(1));
            respond(h1, 200, 1);
            assertTrue(h0.ejected(), "still ejected just before " + seconds + "s");
            advance(Duration.ofMillis(1));
            respond(h1, 200, 1);
            assertFalse(h0.ejected(), "back after " + seconds + "s");
        }
        // Healthy for as long as the last ejection lasted: the next one is short again.
        advance(Duration.ofSeconds(100));
        respond(h0, 502, 1);
        advance(Duration.ofSeconds(30));
        respond(h1, 200, 1);
        assertFalse(h0.ejected());
        assertEquals(Duration.ofSeconds(30).toNanos(), ejector.ejectionTime(1));
        assertEquals(Duration.ofSeconds(100).toNanos(), ejector.ejectionTime(40));
    }

    @Test
    void noMoreHostsThanAllowedAreEjected() {
        List<DefaultHost> hosts = hosts(4);
        HostEjector byCount = ejector(hosts, policy(1, 0, 0, 1, 0));
        assertEquals(1, byCount.maxEjected());
        respond(hosts.get(0), 502, 1);
        respond(hosts.get(1), 502, 5);
        assertTrue(hosts.get(0).ejected());
        assertFalse(hosts.get(1).ejected());
        assertEquals(List.of("h1", "h2", "h3"), lastPublished());

        HostEjector byRatio = new HostEjector("c", hosts(4), policy(1, 0, 0, 10, 0.5), available -> {
        }, new EjectionCounters(), clock::get);
        assertEquals(2, byRatio.maxEjected());
        HostEjector tooSmall = new HostEjector("c", hosts(2), policy(1, 0, 0, 10, 0.3), available -> {
        }, new EjectionCounters(), clock::get);
        assertEquals(0, tooSmall.maxEjected());
    }

    @Test
    void whenEveryHostIsEjectedAllOfThemAreBalancedOver() {
        List<DefaultHost> hosts = hosts(2);
        ejector(hosts, policy(1, 0, 0, 2, 0));
        respond(hosts.get(0), 502, 1);
        assertEquals(List.of("h1"), lastPublished());
        respond(hosts.get(1), 502, 1);
        assertTrue(hosts.get(0).ejected() && hosts.get(1).ejected());
        assertEquals(List.of("h0", "h1"), lastPublished());
    }

    @Test
    void aFailureRateFarAboveTheClustersIsEjectedAtTheEndOfTheInterval() {
        List<DefaultHost> hosts = hosts(5);
        ejector(hosts, policy(0, 4, 0, 1, 0));
        for (int i = 1; i < 5; i++) {
            respond(hosts.get(i), 200, 20);
        }
        respond(hosts.get(0), 200, 10);
        respond(hosts.get(0), 503, 10);
        assertFalse(hosts.get(0).ejected(), "judged only when the interval ends");
        advance(Duration.ofSeconds(10));
        respond(hosts.get(1), 200, 1);
        // h0: 50% against an average of 10 in 100 = 10%: five times.
        assertTrue(hosts.get(0).ejected());
        assertFalse(hosts.get(1).ejected());
    }

    @Test
    void aFailureRateNotFarEnoughAboveTheClustersStays() {
        List<DefaultHost> hosts = hosts(2);
        ejector(hosts, policy(0, 4, 0, 1, 0));
        respond(hosts.get(0), 503, 20);
        respond(hosts.get(1), 200, 20);
        advance(Duration.ofSeconds(10));
        respond(hosts.get(1), 200, 1);
        // With two hosts a rate can be at most twice the average.
        assertFalse(hosts.get(0).ejected());
    }

    @Test
    void aFailureRateThresholdEjectsOnItsOwnButNeedsTheMinimumRequests() {
        List<DefaultHost> hosts = hosts(2);
        ejector(hosts, policy(0, 0, 0.5, 1, 0));
        respond(hosts.get(0), 503, 5);
        respond(hosts.get(0), 200, 4);
        respond(hosts.get(1), 200, 20);
        advance(Duration.ofSeconds(10));
        respond(hosts.get(1), 200, 1);
        assertFalse(hosts.get(0).ejected(), "9 requests are fewer than the minimum of 10");
        respond(hosts.get(0), 503, 5);
        respond(hosts.get(0), 200, 5);
        advance(Duration.ofSeconds(10));
        respond(hosts.get(1), 200, 1);
        assertTrue(hosts.get(0).ejected());
    }

    @Test
    void policiesRejectValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new HostEjectionPolicy(Set.of(42), 5, Duration.ofSeconds(1),
                1, 0, 0, 1, 0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new HostEjectionPolicy(GATEWAY_ERRORS, 5,
                Duration.ofSeconds(1), 1, 1.0, 0, 1, 0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new HostEjectionPolicy(GATEWAY_ERRORS, 5,
                Duration.ofSeconds(1), 1, 0, 0, 1, 0, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
