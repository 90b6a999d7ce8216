package org.mosn4j.plugin.filters.faulttolerance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.filters.common.HttpClients;
import org.mosn4j.plugin.filters.common.ProxyConfigs;
import org.mosn4j.plugin.filters.common.TestBackend;
import org.mosn4j.plugin.filters.flowcontrol.DubboPeers;

/**
 * fault_tolerance end to end through the in-process proxy (one event loop, round robin): a host that fails is
 * ejected after the configured failures in a row and traffic moves to the healthy host; after the backoff it
 * returns; failed attempts that a retry hides from the client still count; HTTP/2 streams too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultToleranceProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that a slow machine does not see the host return before the test looks. */
    private static final long RECOVER_MILLIS = 1000;
    private static final long NEVER_RECOVER_MILLIS = 600_000;

    private static String filter(int consecutive, long recoverMillis) {
        return """
                {"type": "fault_tolerance", "config": {"enabled": true, "consecutiveExceptions": %d,
                  "timeWindow": "1m", "recoverTime": %d, "clusters": ["c"]}}
                """.formatted(consecutive, recoverMillis);
    }

    private static String cluster(String first, String second) {
        return "{\"name\": \"c\", \"type\": \"SIMPLE\", \"lb_type\": \"LB_ROUNDROBIN\", \"hosts\": [{\"address\": \""
                + first + "\"}, {\"address\": \"" + second + "\"}]}";
    }

    private static List<Integer> statuses(HttpClient client, int port, int n) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(client.send(HttpClients.request(port, "/ft").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        }
        return statuses;
    }

    private static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    private static JsonNode hostStats(RunningMosn mosn, String address) throws Exception {
        return JSON.readTree(mosn.admin("/api/v1/stats").body()).path("upstream").path("cluster.c.host." + address);
    }

    @Test
    void aFailingHostIsEjectedAndReturnsAfterItsBackoff() throws Exception {
        try (StatusBackend good = new StatusBackend("good", 200);
             StatusBackend bad = new StatusBackend("bad", 503);
             RunningMosn mosn = RunningMosn.start(ProxyConfigs.config("ft-http1", "Http1", filter(3, RECOVER_MILLIS),
                     ProxyConfigs.virtualHost(ProxyConfigs.routeAll("c")), cluster(good.address(), bad.address())))) {
            int port = mosn.listener("ft-http1").getPort();
            HttpClient client = HttpClients.http1();
            List<Integer> first = statuses(client, port, 10);
            long ejectedBy = System.nanoTime();
            assertEquals(3, count(first, 503), first.toString());
            assertEquals(List.of(200, 200, 200, 200), first.subList(6, 10), first.toString());
            assertEquals(3, bad.requests());
            assertEquals(1, hostStats(mosn, bad.address()).path("outlier_ejections_active").asLong());
            assertEquals(1, JSON.readTree(mosn.admin("/api/v1/stats").body())
                    .at("/upstream/cluster.c/outlier_ejections_total").asLong());

            bad.answer(200);
            // The backoff is time: let it pass.
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(RECOVER_MILLIS + 50) - (System.nanoTime() - ejectedBy);
            if (waitNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
            List<Integer> after = statuses(client, port, 4);
            assertEquals(List.of(200, 200, 200, 200), after);
            assertTrue(bad.requests() > 3, "the returned host gets requests again");
            JsonNode stats = hostStats(mosn, bad.address());
            assertEquals(0, stats.path("outlier_ejections_active").asLong());
            assertEquals(1, stats.path("outlier_returns_total").asLong());
        }
    }

    @Test
    void attemptsThatRetriesHideStillEjectTheHost() throws Exception {
        String retryingRoute = "{\"match\": {\"prefix\": \"/\"}, \"route\": {\"cluster_name\": \"c\","
                + " \"retry_policy\": {\"retry_on\": true, \"num_retries\": 2}}}";
        String dead = "127.0.0.1:" + DubboPeers.freePort();
        try (TestBackend good = new TestBackend("good");
             RunningMosn mosn = RunningMosn.start(ProxyConfigs.config("ft-retry", "Http1", filter(2, NEVER_RECOVER_MILLIS),
                     ProxyConfigs.virtualHost(retryingRoute), cluster(good.address(), dead)))) {
            int port = mosn.listener("ft-retry").getPort();
            assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200), statuses(HttpClients.http1(), port, 8));
            JsonNode stats = hostStats(mosn, dead);
            assertEquals(1, stats.path("outlier_ejections_active").asLong());
            assertEquals(2, stats.path("connection_con_fail").asLong(), "no attempt went to the dead host once ejected");
        }
    }

    @Test
    void http2StreamsMoveToTheHealthyHost() throws Exception {
        String dead = "127.0.0.1:" + DubboPeers.freePort();
        try (TestBackend good = new TestBackend("good");
             RunningMosn mosn = RunningMosn.start(ProxyConfigs.auto(filter(2, NEVER_RECOVER_MILLIS),
                     ProxyConfigs.virtualHost(ProxyConfigs.routeAll("c")), cluster(good.address(), dead)))) {
            int port = mosn.listener("proxy").getPort();
            HttpClient client = HttpClients.http2(port);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> response = client.send(HttpClients.request(port, "/ft").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_2, response.version());
                statuses.add(response.statusCode());
            }
            assertEquals(2, count(statuses, 502), statuses.toString());
            assertEquals(List.of(200, 200, 200, 200), statuses.subList(4, 8), statuses.toString());
            assertEquals(1, hostStats(mosn, dead).path("outlier_ejections_total").asLong());
        }
    }
}
