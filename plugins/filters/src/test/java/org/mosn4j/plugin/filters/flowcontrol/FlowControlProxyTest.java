package org.mosn4j.plugin.filters.flowcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.csp.sentinel.node.ClusterNode;
import com.alibaba.csp.sentinel.slots.clusterbuilder.ClusterBuilderSlot;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.filters.common.HttpClients;
import org.mosn4j.plugin.filters.common.ProxyConfigs;
import org.mosn4j.plugin.filters.common.TestBackend;

/**
 * flowControlFilter end to end through the in-process proxy: a requests-per-second rule over HTTP/1.1 and HTTP/2
 * (h2c), a requests-in-flight rule whose entries end with their streams however they end, monitor mode, and
 * per-route switches. Each test limits resources of its own, since Sentinel's counts are process-wide.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlowControlProxyTest {

    /** Where Sentinel writes its logs and metrics in tests. */
    static final String SENTINEL_LOGS = "target/sentinel";
    /** A burst shorter than this lies within Sentinel's one-second window (two buckets of 500 ms). */
    private static final long ONE_BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static String filter(String globalSwitch, String monitor, String action, String rules) {
        return """
                {"type": "flowControlFilter", "config": {"global_switch": %s, "monitor": %s, "limit_key_type": "PATH",
                  "log_path": "%s", "action": %s, "rules": [%s]}}
                """.formatted(globalSwitch, monitor, SENTINEL_LOGS, action, rules);
    }

    private static String rule(String resource, int grade, int threshold) {
        return "{\"resource\": \"" + resource + "\", \"limitApp\": \"default\", \"grade\": " + grade + ", \"threshold\": "
                + threshold + ", \"strategy\": 0}";
    }

    private static List<Integer> statuses(HttpClient client, int port, String path, int n) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(client.send(HttpClients.request(port, path).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        }
        return statuses;
    }

    /** Asserts that of a burst of requests exactly {@code limit} passed, when it was short enough to tell. */
    private static void assertLimitedTo(int limit, int limitedStatus, List<Integer> statuses, long burstNanos) {
        long passed = statuses.stream().filter(s -> s == 200).count();
        long limited = statuses.stream().filter(s -> s == limitedStatus).count();
        assertEquals(statuses.size(), passed + limited, statuses.toString());
        if (burstNanos < ONE_BUCKET_NANOS) {
            assertEquals(limit, passed, statuses.toString());
        } else {
            assertTrue(passed >= limit && passed <= 2L * limit, "a slow burst: " + statuses);
        }
    }

    @Test
    void aRequestsPerSecondRuleLimitsItsPathAndTheRouteSwitchesApply() throws Exception {
        String routes = """
                {"match": {"prefix": "/fc-qps/off/"}, "route": {"cluster_name": "c"},
                 "per_filter_config": {"flowControlFilter": {"global_switch": false}}},
                {"match": {"prefix": "/"}, "route": {"cluster_name": "c"}}
                """;
        try (TestBackend backend = new TestBackend("b");
             RunningMosn mosn = RunningMosn.start(ProxyConfigs.config("fc-qps", "Http1",
                     filter("true", "false", "{\"status\": 429, \"body\": \"slow down\"}",
                             rule("/fc-qps/limited", 1, 3) + "," + rule("/fc-qps/off/limited", 1, 1)),
                     ProxyConfigs.virtualHost(routes), ProxyConfigs.cluster("c", backend.address())))) {
            int port = mosn.listener("fc-qps").getPort();
            HttpClient client = HttpClients.http1();
            long start = System.nanoTime();
            List<Integer> limited = statuses(client, port, "/fc-qps/limited", 6);
            assertLimitedTo(3, 429, limited, System.nanoTime() - start);

            HttpResponse<String> refused = client.send(HttpClients.request(port, "/fc-qps/limited").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (refused.statusCode() == 429) {
                assertEquals("slow down", refused.body());
                assertEquals("text/plain; charset=utf-8", refused.headers().firstValue("content-type").orElse(""));
            }
            assertEquals(List.of(200, 200, 200, 200, 200), statuses(client, port, "/fc-qps/free", 5),
                    "a path without a rule is not limited");
            assertEquals(List.of(200, 200, 200, 200), statuses(client, port, "/fc-qps/off/limited", 4),
                    "the route's per_filter_config turns limiting off");
            int passedLimited = (int) limited.stream().filter(s -> s == 200).count()
                    + (refused.statusCode() == 200 ? 1 : 0);
            assertEquals(passedLimited + 5 + 4, backend.requests(), "limited requests never reach the backend");
        }
    }

    @Test
    void aRequestsInFlightRuleCountsStreamsUntilTheyEndHoweverTheyEnd() throws Exception {
        String routes = """
                {"match": {"prefix": "/fc-flight/silent"}, "route": {"cluster_name": "raw", "timeout": "300ms"}},
                {"match": {"prefix": "/fc-flight/"}, "route": {"cluster_name": "raw"}},
                {"match": {"prefix": "/fc-stream/"}, "route": {"cluster_name": "c", "prefix_rewrite": "/"}}
                """;
        try (TestBackend backend = new TestBackend("b");
             RawBackend raw = new RawBackend();
             RunningMosn mosn = RunningMosn.start(ProxyConfigs.config("fc-flight", "Http1",
                     filter("true", "false", "{\"status\": 503, \"body\": \"busy\"}",
                             rule("/fc-stream/stream", 0, 1) + "," + rule("/fc-flight/reset", 0, 1) + ","
                                     + rule("/fc-flight/silent", 0, 1)),
                     ProxyConfigs.virtualHost(routes),
                     ProxyConfigs.cluster("c", backend.address()) + "," + ProxyConfigs.cluster("raw", raw.address())))) {
            int port = mosn.listener("fc-flight").getPort();
            HttpClient client = HttpClients.http1();

            // Completed: a streamed response holds its entry until its last byte.
            CompletableFuture<HttpResponse<String>> streaming = client.sendAsync(
                    HttpClients.request(port, "/fc-stream/stream").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("/stream", backend.next(10).path());
            HttpResponse<String> second = client.send(HttpClients.request(port, "/fc-stream/stream").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, second.statusCode());
            assertEquals("busy", second.body());
            backend.releaseStream();
            assertEquals("first part\nsecond part\n", streaming.get(10, TimeUnit.SECONDS).body());
            assertEquals(200, client.send(HttpClients.request(port, "/fc-stream/stream").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            // Reset by the upstream: the proxy answers 502 and the entry ends with the stream.
            for (int i = 0; i < 3; i++) {
                assertEquals(502, client.send(HttpClients.request(port, "/fc-flight/reset").build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            }

            // Timed out: 504, and the entry ends.
            for (int i = 0; i < 2; i++) {
                assertEquals(504, client.send(HttpClients.request(port, "/fc-flight/silent").build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals("/fc-flight/silent", raw.nextClosedByProxy());
            }

            // Reset by the client: its stream ends when the connection closes, and so does its entry.
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write("GET /fc-flight/silent HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (!raw.nextRequest().equals("/fc-flight/silent")) {
                    // requests of the steps above
                }
            }
            assertEquals("/fc-flight/silent", raw.nextClosedByProxy());
            assertEquals(504, client.send(HttpClients.request(port, "/fc-flight/silent").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "not 503: the client's entry was exited");
            assertEquals("/fc-flight/silent", raw.nextClosedByProxy());

            // One more request through the single event loop: everything before it has finished there.
            assertEquals(200, client.send(HttpClients.request(port, "/fc-stream/small").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            for (String resource : List.of("/fc-stream/stream", "/fc-flight/reset", "/fc-flight/silent")) {
                ClusterNode node = ClusterBuilderSlot.getClusterNode(resource);
                assertEquals(0, node.curThreadNum(), resource + " has entries left open");
            }
        }
    }

    @Test
    void monitorModeCountsWhatItWouldLimitAndLetsItPass() throws Exception {
        try (TestBackend backend = new TestBackend("b");
             RunningMosn mosn = RunningMosn.start(ProxyConfigs.config("fc-monitor", "Http1",
                     filter("true", "true", "{}", rule("/fc-monitor/limited", 1, 1)),
                     ProxyConfigs.virtualHost(ProxyConfigs.routeAll("c")), ProxyConfigs.cluster("c", backend.address())))) {
            int port = mosn.listener("fc-monitor").getPort();
            assertEquals(List.of(200, 200, 200, 200), statuses(HttpClients.http1(), port, "/fc-monitor/limited", 4));
            assertEquals(4, backend.requests());
            assertTrue(ClusterBuilderSlot.getClusterNode("/fc-monitor/limited").blockRequest() > 0,
                    "Sentinel counted the requests it would have limited");
        }
    }

    @Test
    void http2StreamsAreLimitedWithMosnsDefaultReply() throws Exception {
        try (TestBackend backend = new TestBackend("b");
             RunningMosn mosn = RunningMosn.start(ProxyConfigs.auto(filter("true", "false", "{}",
                     rule("/fc-h2/limited", 1, 2)), ProxyConfigs.virtualHost(ProxyConfigs.routeAll("c")),
                     ProxyConfigs.cluster("c", backend.address())))) {
            int port = mosn.listener("proxy").getPort();
            HttpClient client = HttpClients.http2(port);
            List<HttpResponse<String>> responses = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                responses.add(client.send(HttpClients.request(port, "/fc-h2/limited").build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            long burst = System.nanoTime() - start;
            for (HttpResponse<String> response : responses) {
                assertEquals(HttpClient.Version.HTTP_2, response.version());
                if (response.statusCode() == 509) {
                    assertEquals("current request is limited", response.body());
                }
            }
            assertLimitedTo(2, 509, responses.stream().map(HttpResponse::statusCode).toList(), burst);
        }
    }
}
