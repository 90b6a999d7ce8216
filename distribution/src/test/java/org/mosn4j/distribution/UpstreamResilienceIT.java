package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.metrics.ExpositionParser;

/**
 * Upstream resilience through the unpacked distribution, with real backends that die and come back: health
 * checks take a killed host out of balancing under load, circuit breakers trip and recover (and Prometheus
 * output, read by a real parser, says so), and tracing headers reach the backend.
 */
@Timeout(180)
class UpstreamResilienceIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int INTERVAL_MILLIS = 500;
    private static final int UNHEALTHY_THRESHOLD = 2;
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    private static String config(String route, String clusterExtra, String top, String listenerExtra,
            ResilienceBackend... hosts) {
        StringBuilder list = new StringBuilder();
        for (ResilienceBackend host : hosts) {
            list.append(list.length() == 0 ? "" : ", ").append("{\"address\": \"").append(host.address()).append("\"}");
        }
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backends" %s}}]}]}],
                    "listeners": [{
                      "name": "web", "address": "127.0.0.1:0", "bind_port": true %s,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  %s
                  "cluster_manager": {"clusters": [{"name": "backends", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN"
                     %s, "hosts": [%s]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(route, listenerExtra, top, clusterExtra, list);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void stopCleanly(Mosn4jProcess mosn) throws Exception {
        mosn.terminate();
        assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
        assertFalse(mosn.output().contains("LEAK:"), mosn.output());
    }

    @Test
    void aHostKilledUnderLoadLeavesBalancingWithinItsThresholdAndReturnsWhenRevived() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        String healthCheck = """
                , "health_check": {"protocol": "http", "timeout": "300ms", "interval": "%dms", "interval_jitter": "0s",
                   "healthy_threshold": 2, "unhealthy_threshold": %d,
                   "check_config": {"http_check_config": {"path": "/health", "codes": [200]}}}
                """.formatted(INTERVAL_MILLIS, UNHEALTHY_THRESHOLD);
        String retries = ", \"retry_policy\": {\"retry_on\": true, \"num_retries\": 2}";
        try (ResilienceBackend a = new ResilienceBackend("a");
             ResilienceBackend b = new ResilienceBackend("b");
             ResilienceBackend c = new ResilienceBackend("c");
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("health.json",
                     config(retries, healthCheck, "", "", a, b, c)).toString())) {
            int port = mosn.listenerPort("web");
            mosn.awaitStarted();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong detectedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger toDeadHostAfterDetection = new AtomicInteger();
            Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<CompletableFuture<Void>> load = java.util.stream.IntStream.range(0, CLIENTS)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> {
                        while (running.get()) {
                            sent.incrementAndGet();
                            try {
                                HttpResponse<String> response = get(port, "/work");
                                if (response.statusCode() != 200) {
                                    failures.incrementAndGet();
                                    continue;
                                }
                                answeredBy.computeIfAbsent(response.body(), k -> new AtomicInteger()).incrementAndGet();
                                if (response.body().equals("b") && System.nanoTime() > detectedAt.get()) {
                                    toDeadHostAfterDetection.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                        }
                    }, clients)).toList();
            try {
                awaitAnswers(answeredBy, "b", 50);
                b.kill();
                killedAt.set(System.nanoTime());
                mosn.awaitLine(l -> l.contains(b.address()) && l.contains("unhealthy"), Duration.ofSeconds(20));
                detectedAt.set(System.nanoTime());
                long detectionMillis = TimeUnit.NANOSECONDS.toMillis(detectedAt.get() - killedAt.get());
                // Up to unhealthy_threshold checks after the kill, the first one at most an interval away, and
                // the time for the log line to reach this test.
                assertTrue(detectionMillis <= (long) UNHEALTHY_THRESHOLD * INTERVAL_MILLIS + 1500,
                        "marked unhealthy " + detectionMillis + " ms after the kill");
                int beforeRevive = sent.get();
                awaitSent(sent, beforeRevive + 200);
                assertEquals(0, toDeadHostAfterDetection.get(), "answers from the dead host after it was marked unhealthy");

                b.revive();
                mosn.awaitLine(l -> l.contains(b.address()) && l.contains("healthy") && !l.contains("unhealthy"),
                        Duration.ofSeconds(20));
                int before = b.requests.get();
                awaitAnswers(answeredBy, "b", answeredBy.get("b").get() + 20);
                assertTrue(b.requests.get() > before, "the revived host gets requests again");
            } finally {
                running.set(false);
                CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                clients.shutdownNow();
            }
            // Retries carry requests that met the dead host to another; only requests cut off mid-response
            // (in flight on it when it died) may fail.
            System.out.printf("host killed under load: marked unhealthy %d ms after the kill; %d of %d requests failed;"
                    + " answered by %s%n", TimeUnit.NANOSECONDS.toMillis(detectedAt.get() - killedAt.get()),
                    failures.get(), sent.get(), answeredBy);
            assertTrue(failures.get() <= CLIENTS, failures.get() + " of " + sent.get() + " requests failed");
            assertTrue(answeredBy.get("a").get() > 0 && answeredBy.get("c").get() > 0, answeredBy.toString());
            stopCleanly(mosn);
        }
    }

    private static void awaitAnswers(Map<String, AtomicInteger> answeredBy, String name, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answeredBy.getOrDefault(name, new AtomicInteger()).get() < count) {
            assertTrue(System.nanoTime() < deadline, name + " answered only " + answeredBy);
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static void awaitSent(AtomicInteger sent, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sent.get() < count) {
            assertTrue(System.nanoTime() < deadline, "the load stalled at " + sent.get() + " requests");
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    @Test
    void aCircuitBreakerTripsWithOverflowAndRecovers() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (ResilienceBackend backend = new ResilienceBackend("only");
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("breaker.json", config("",
                     ", \"circuit_breakers\": [{\"max_requests\": 2}]", "", "", backend)).toString())) {
            int port = mosn.listenerPort("web");
            int adminPort = mosn.adminPort();
            mosn.awaitStarted();
            var first = CompletableFuture.supplyAsync(() -> quietly(() -> get(port, "/hold")));
            var second = CompletableFuture.supplyAsync(() -> quietly(() -> get(port, "/hold")));
            assertTrue(backend.awaitHeld(2), "the held requests never reached the backend");
            HttpResponse<String> refused = get(port, "/");
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("UpstreamOverflow", refused.headers().firstValue("x-mosn4j-response-flag").orElse(""));
            var stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    get(adminPort, "/api/v1/stats?key=upstream.cluster.backends").body()).at("/upstream/cluster.backends");
            assertEquals(1, stats.get("request_overflow").asLong(), stats.toString());
            assertEquals(2, stats.get("cb_requests").asLong(), stats.toString());

            backend.release();
            assertEquals("released by only", first.get(30, TimeUnit.SECONDS).body());
            assertEquals("released by only", second.get(30, TimeUnit.SECONDS).body());
            assertEquals(200, get(port, "/").statusCode(), "the breaker lets requests through again");

            Map<String, ExpositionParser.Family> metrics = ExpositionParser.parse(get(adminPort, "/metrics").body());
            Map<String, String> cluster = Map.of("cluster", "backends");
            assertEquals("counter", ExpositionParser.family(metrics, "mosn_upstream_request_overflow").type());
            assertEquals(1, ExpositionParser.family(metrics, "mosn_upstream_request_overflow")
                    .value("mosn_upstream_request_overflow_total", cluster));
            assertEquals("gauge", ExpositionParser.family(metrics, "mosn_upstream_cb_requests").type());
            assertEquals(0, ExpositionParser.family(metrics, "mosn_upstream_cb_requests")
                    .value("mosn_upstream_cb_requests", cluster));
            assertEquals(3, ExpositionParser.family(metrics, "mosn_upstream_request_duration_seconds")
                    .value("mosn_upstream_request_duration_seconds_count", cluster), "three requests went upstream");
            assertEquals(1, ExpositionParser.family(metrics, "mosn_downstream_requests_by_class")
                    .value("mosn_downstream_requests_by_class_total", Map.of("listener", "web", "code_class", "5xx")));
            stopCleanly(mosn);
        }
    }

    @Test
    void tracingHeadersReachTheBackendAndTheAccessLog() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        Path log = dir.resolve("trace.log");
        String accessLog = ", \"access_logs\": [{\"log_path\": \"" + log + "\", \"log_format\": \"%trace_id%\"}]";
        try (ResilienceBackend backend = new ResilienceBackend("only");
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("tracing.json", config("", "",
                     "\"tracing\": {\"enable\": true, \"driver\": \"SOFATracer\"},", accessLog, backend)).toString())) {
            int port = mosn.listenerPort("web");
            mosn.awaitStarted();
            String seen = get(port, "/headers").body();
            java.util.regex.Matcher traceparent = java.util.regex.Pattern
                    .compile("traceparent: 00-([0-9a-f]{32})-[0-9a-f]{16}-01").matcher(seen);
            assertTrue(traceparent.find(), seen);
            stopCleanly(mosn);
            assertEquals(List.of(traceparent.group(1)), Files.readAllLines(log));
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T quietly(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
