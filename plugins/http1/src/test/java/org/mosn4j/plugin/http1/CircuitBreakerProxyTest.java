package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.HttpProxyTest.cluster;
import static org.mosn4j.plugin.http1.HttpProxyTest.config;
import static org.mosn4j.plugin.http1.HttpProxyTest.prefixRoute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/** A cluster's circuit_breakers through the whole proxy: each cap trips with a 503 overflow and recovers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CircuitBreakerProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static CompletableFuture<HttpResponse<String>> send(RunningMosn mosn, String path) {
        URI uri = URI.create("http://127.0.0.1:" + mosn.listener("http").getPort() + path);
        return CLIENT.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(RunningMosn mosn, String path) throws Exception {
        return send(mosn, path).get(30, TimeUnit.SECONDS);
    }

    private static JsonNode clusterStats(RunningMosn mosn) throws Exception {
        return JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster.c").body()).at("/upstream/cluster.c");
    }

    /** Waits until {@code count} requests wait for a connection of the cluster. */
    private static void awaitPending(RunningMosn mosn, long count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (clusterStats(mosn).get("cb_pending_requests").asLong() != count) {
            assertTrue(System.nanoTime() < deadline, "never " + count + " pending: " + clusterStats(mosn));
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static void assertOverflow(HttpResponse<String> response) {
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("UpstreamOverflow", response.headers().firstValue("x-mosn4j-response-flag").orElse(""));
    }

    @Test
    void maxRequestsRefusesTheRequestPastTheCapAndRecovers() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""),
                     cluster("c", ", \"circuit_breakers\": [{\"max_requests\": 2}]", backend.address()), ""))) {
            var first = send(mosn, "/hold");
            var second = send(mosn, "/hold");
            assertTrue(backend.awaitHeld(2), "the held requests never reached the backend");
            assertOverflow(get(mosn, "/"));
            JsonNode tripped = clusterStats(mosn);
            assertEquals(2, tripped.get("cb_requests").asLong());
            assertEquals(1, tripped.get("request_overflow").asLong());

            backend.release();
            assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(200, second.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(200, get(mosn, "/").statusCode());
            JsonNode recovered = clusterStats(mosn);
            assertEquals(0, recovered.get("cb_requests").asLong());
            assertEquals(1, recovered.get("request_overflow").asLong());
        }
    }

    /**
     * One event loop, so one pool: each loop's pool may open its first connection past max_connections (rather
     * than leave its requests waiting with no connection at all).
     */
    private static String oneWorker(String config) {
        return config.replace("\"default_log_path\": \"stdout\",", "\"default_log_path\": \"stdout\", \"processor\": 1,");
    }

    @Test
    void maxConnectionsQueuesRequestsAndMaxPendingRequestsRefusesPastTheQueue() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(oneWorker(config(prefixRoute("/", "c", ""), cluster("c",
                     ", \"circuit_breakers\": [{\"max_connections\": 1, \"max_pending_requests\": 1}]",
                     backend.address()), "")))) {
            var holding = send(mosn, "/hold");
            assertTrue(backend.awaitHeld(1), "the held request never reached the backend");
            var queued = send(mosn, "/");
            awaitPending(mosn, 1);
            assertOverflow(get(mosn, "/"));
            assertEquals(1, clusterStats(mosn).get("cb_pending_requests").asLong());
            assertEquals(1, clusterStats(mosn).get("request_pending_overflow").asLong());

            backend.release();
            assertEquals(200, holding.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals("hello from b", queued.get(30, TimeUnit.SECONDS).body());
            assertEquals(200, get(mosn, "/").statusCode());
            JsonNode after = clusterStats(mosn);
            assertEquals(1, after.get("connection_total").asLong(), "one upstream connection served all");
            assertEquals(0, after.get("cb_pending_requests").asLong());
            assertEquals(1, after.get("cb_connections").asLong());
        }
    }

    @Test
    void maxRetriesLetsOneRetryRunAndFailsTheNextAttemptWithoutRetrying() throws Exception {
        int deadPort;
        try (ServerSocket reserved = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = reserved.getLocalPort();
        }
        String retryOnFailure = ", \"retry_policy\": {\"retry_on\": true, \"num_retries\": 2}";
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", retryOnFailure),
                     cluster("c", ", \"circuit_breakers\": [{\"max_retries\": 1}]", "127.0.0.1:" + deadPort,
                             backend.address()), ""))) {
            // Round robin: the first attempt goes to the closed port, its retry to the backend and is held there.
            var retried = send(mosn, "/hold");
            assertTrue(backend.awaitHeld(1), "the retry never reached the backend");
            HttpResponse<String> refused = get(mosn, "/");
            assertEquals(502, refused.statusCode(), refused.body());
            JsonNode tripped = clusterStats(mosn);
            assertEquals(1, tripped.get("cb_retries").asLong());
            assertEquals(1, tripped.get("request_retry_overflow").asLong());

            backend.release();
            assertEquals("released by b", retried.get(30, TimeUnit.SECONDS).body());
            assertEquals(200, get(mosn, "/").statusCode(), "a retry is allowed again");
            assertEquals(0, clusterStats(mosn).get("cb_retries").asLong());
        }
    }
}
