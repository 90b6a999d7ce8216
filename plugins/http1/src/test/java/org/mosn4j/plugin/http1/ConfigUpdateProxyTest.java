package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.HttpProxyTest.cluster;
import static org.mosn4j.plugin.http1.HttpProxyTest.config;
import static org.mosn4j.plugin.http1.HttpProxyTest.prefixRoute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.RunningMosn;

/** Config changes posted to the admin API while the proxy serves, with real clients and backends. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigUpdateProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int port(RunningMosn mosn) {
        return mosn.listener("http").getPort();
    }

    private static HttpResponse<String> update(RunningMosn mosn, String change) {
        return mosn.adminPost("/api/v1/config/update", change);
    }

    private static String router(String name, String routes) {
        return "{\"router_config_name\": \"" + name + "\", \"virtual_hosts\": [{\"name\": \"vh\", \"domains\": [\"*\"],"
                + " \"routers\": [" + routes + "]}]}";
    }

    @Test
    void clustersAndRoutesAddedWhileServingTakeTheNextRequests() throws Exception {
        try (Backend one = new Backend("one");
             Backend two = new Backend("two");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c1", ""), cluster("c1", "", one.address()), ""))) {
            assertEquals("hello from one", get(port(mosn), "/two").body());
            HttpResponse<String> answer = update(mosn, "{\"clusters\": [" + cluster("c2", "", two.address()) + "],"
                    + " \"routers\": [" + router("r", prefixRoute("/two", "c2", "") + "," + prefixRoute("/", "c1", "")) + "]}");
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode dump = JSON.readTree(answer.body());
            assertTrue(dump.at("/cluster").has("c2"), answer.body());
            assertEquals("hello from two", get(port(mosn), "/two").body());
            assertEquals("hello from one", get(port(mosn), "/one").body());
            assertTrue(JSON.readTree(mosn.admin("/api/v1/config_dump?allclusters").body()).has("c2"),
                    "config_dump shows the effective config");
            assertEquals(0, JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster.c2").body())
                    .at("/upstream/cluster.c2/request_total").asLong() - 1, "the new cluster's stats count");
        }
    }

    @Test
    void anEndpointUpdateUnderLoadMovesTrafficWithoutAFailedRequest() throws Exception {
        try (Backend one = new Backend("one");
             Backend two = new Backend("two");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c1", ""), cluster("c1", "", one.address()), ""))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            var answeredBy = new ConcurrentHashMap<String, AtomicInteger>();
            List<CompletableFuture<Void>> load = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    sent.incrementAndGet();
                    try {
                        HttpResponse<String> response = get(port(mosn), "/load");
                        if (response.statusCode() == 200) {
                            answeredBy.computeIfAbsent(response.body(), k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            })).toList();
            try {
                awaitCount(sent, 200);
                HttpResponse<String> answer = update(mosn, "{\"hosts\": {\"c1\": [{\"address\": \"" + two.address() + "\"}]}}");
                assertEquals(200, answer.statusCode(), answer.body());
                int before = two.requests();
                awaitCount(sent, sent.get() + 200);
                int oneAfter = one.requests();
                awaitCount(sent, sent.get() + 200);
                assertEquals(oneAfter, one.requests(), "requests still reached the removed host");
                assertTrue(two.requests() > before + 100, "the new host took the traffic");
            } finally {
                running.set(false);
                CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
            assertEquals(0, failures.get(), failures.get() + " of " + sent.get() + " requests failed; " + answeredBy);
        }
    }

    @Test
    void listenersAreAddedReplacedAndRemoved() throws Exception {
        try (Backend one = new Backend("one");
             Backend two = new Backend("two");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c1", ""),
                     cluster("c1", "", one.address()) + "," + cluster("c2", "", two.address()), ""))) {
            String extra = "{\"name\": \"extra\", \"address\": \"127.0.0.1:0\", \"bind_port\": true,"
                    + " \"filter_chains\": [{\"filters\": [{\"type\": \"proxy\", \"config\": {\"downstream_protocol\": \"Http1\","
                    + " \"router_config_name\": \"%s\"}}]}]}";
            HttpResponse<String> added = update(mosn, "{\"routers\": [" + router("r2", prefixRoute("/", "c2", ""))
                    + "], \"listeners\": [" + extra.formatted("r2") + "]}");
            assertEquals(200, added.statusCode(), added.body());
            int extraPort = mosn.listener("extra").getPort();
            assertEquals("hello from two", get(extraPort, "/").body());

            HttpResponse<String> replaced = update(mosn, "{\"listeners\": [" + extra.formatted("r") + "]}");
            assertEquals(200, replaced.statusCode(), replaced.body());
            assertEquals(extraPort, mosn.listener("extra").getPort(), "same address: the socket stays");
            HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertEquals("hello from one", fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + extraPort
                    + "/")).build(), HttpResponse.BodyHandlers.ofString()).body(), "a new connection gets the new config");

            HttpResponse<String> removed = update(mosn, "{\"removed_listeners\": [\"extra\"]}");
            assertEquals(200, removed.statusCode(), removed.body());
            Exception refused = assertThrows(Exception.class, () -> get(extraPort, "/"));
            assertTrue(refused instanceof ConnectException || refused.getCause() instanceof ConnectException,
                    refused.toString());
            assertEquals("hello from one", get(port(mosn), "/").body(), "the other listener serves on");
        }
    }

    @Test
    void aBadChangeNamesItsFieldAndChangesNothing() throws Exception {
        try (Backend one = new Backend("one");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c1", ""), cluster("c1", "", one.address()), ""))) {
            String before = mosn.admin("/api/v1/config_dump").body();
            HttpResponse<String> bad = update(mosn, "{\"clusters\": [{\"name\": \"c9\", \"lb_type\": \"LB_NOPE\","
                    + " \"hosts\": [{\"address\": \"127.0.0.1:1\"}]}], \"removed_routers\": [\"r\"],"
                    + " \"hosts\": {\"missing\": []}}");
            assertEquals(400, bad.statusCode(), bad.body());
            JsonNode problems = JSON.readTree(bad.body()).get("problems");
            String all = problems.toString();
            assertTrue(all.contains("hosts.missing: there is no cluster named"), all);
            assertEquals(before, mosn.admin("/api/v1/config_dump").body(), "nothing was applied");

            HttpResponse<String> badType = update(mosn, "{\"clusters\": [{\"name\": \"c9\", \"lb_type\": \"LB_NOPE\","
                    + " \"hosts\": [{\"address\": \"127.0.0.1:1\"}]}]}");
            assertEquals(400, badType.statusCode(), badType.body());
            assertTrue(badType.body().contains("clusters[0].lb_type"), badType.body());
            HttpResponse<String> inUse = update(mosn, "{\"removed_routers\": [\"r\"]}");
            assertEquals(400, inUse.statusCode(), inUse.body());
            assertTrue(inUse.body().contains("uses router config \\\"r\\\""), inUse.body());
            HttpResponse<String> unknownKey = update(mosn, "{\"cluster\": []}");
            assertEquals(400, unknownKey.statusCode());
            assertTrue(unknownKey.body().contains("cluster: unknown key"), unknownKey.body());
            assertEquals(405, mosn.admin("/api/v1/config/update").statusCode(), "mutations are POST only");
            assertEquals("hello from one", get(port(mosn), "/").body());
            assertEquals(before, mosn.admin("/api/v1/config_dump").body(), "nothing was applied");
        }
    }

    private static void awaitCount(AtomicInteger count, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count.get() < target) {
            assertTrue(System.nanoTime() < deadline, "stalled at " + count.get());
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
