package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * Active health checks end to end: two HTTP backends behind one cluster with an HTTP health check; one backend
 * dies while a client keeps sending requests through the proxy, is marked unhealthy within the time its
 * thresholds allow, after which every request goes to the other one; restarted on the same port, it returns.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthCheckProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final int UNHEALTHY_THRESHOLD = 2;
    private static final int HEALTHY_THRESHOLD = 1;
    /** Room for a loaded machine: scheduling, a check already in flight, the admin round trip. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    /** A JDK HTTP server on 127.0.0.1 that can be stopped and started again on the same port. */
    private static final class RestartableBackend implements AutoCloseable {

        private final String name;
        private final AtomicInteger healthChecks = new AtomicInteger();
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private int port;
        private HttpServer server;

        RestartableBackend(String name) throws IOException {
            this.name = name;
            start();
        }

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
            port = server.getAddress().getPort();
        }

        /** Closes the listening socket and every connection. */
        void kill() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (exchange.getRequestURI().getPath().equals("/health")) {
                    healthChecks.incrementAndGet();
                }
                byte[] body = ("hello from " + name).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static String config(RestartableBackend a, RestartableBackend b) {
        String cluster = """
                {"name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                 "health_check": {"protocol": "Http1", "timeout": "%dms", "interval": "%dms",
                   "initial_delay_seconds": "0s", "unhealthy_threshold": %d, "healthy_threshold": %d,
                   "service_name": "backends", "check_config": {"http_check_config": {"path": "/health"}}},
                 "hosts": [{"address": "%s"}, {"address": "%s"}]}
                """.formatted(TIMEOUT.toMillis(), INTERVAL.toMillis(), UNHEALTHY_THRESHOLD, HEALTHY_THRESHOLD,
                a.address(), b.address());
        return HttpProxyTest.config(HttpProxyTest.prefixRoute("/", "c", ""), cluster, "");
    }

    /** @return the response body, or the failure, of one request through the proxy */
    private static String get(RunningMosn mosn) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + mosn.listener("http").getPort() + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "status " + response.statusCode();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean healthy(RunningMosn mosn, RestartableBackend backend) throws IOException {
        String key = "upstream.cluster.c.host." + backend.address();
        JsonNode stats = JSON.readTree(mosn.admin("/api/v1/stats?key=" + key).body());
        return stats.at("/upstream/cluster.c.host." + backend.address() + "/healthy").asText().equals("1");
    }

    /**
     * Sends requests until {@code backend}'s health is {@code wanted} or {@code limit} passes.
     *
     * @return how long it took
     */
    private static Duration sendUntilHealth(RunningMosn mosn, RestartableBackend backend, boolean wanted,
            Duration limit) throws IOException {
        long start = System.nanoTime();
        while (healthy(mosn, backend) != wanted) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("host " + backend.address() + " not marked " + (wanted ? "healthy" : "unhealthy")
                        + " within " + limit.toMillis() + "ms");
            }
            get(mosn);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aDeadBackendIsLeftOutWithinItsThresholdsAndReturnsAfterRestart() throws Exception {
        try (RestartableBackend a = new RestartableBackend("a"); RestartableBackend b = new RestartableBackend("b");
             RunningMosn mosn = RunningMosn.start(config(a, b))) {
            Set<String> answers = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                answers.add(get(mosn));
            }
            assertEquals(Set.of("hello from a", "hello from b"), answers);
            assertTrue(healthy(mosn, a) && healthy(mosn, b));

            a.kill();
            Duration unhealthyBound = INTERVAL.plus(TIMEOUT).multipliedBy(UNHEALTHY_THRESHOLD).plus(SLACK);
            Duration tookDown = sendUntilHealth(mosn, a, false, unhealthyBound);
            for (int i = 0; i < 30; i++) {
                assertEquals("hello from b", get(mosn), "request " + i + " after host a was marked unhealthy");
            }

            int checksBefore = a.healthChecks.get();
            a.start();
            Duration healthyBound = INTERVAL.plus(TIMEOUT).multipliedBy(HEALTHY_THRESHOLD).plus(SLACK);
            Duration tookUp = sendUntilHealth(mosn, a, true, healthyBound);
            assertTrue(a.healthChecks.get() > checksBefore, "the restarted backend was checked");
            answers.clear();
            for (int i = 0; i < 10; i++) {
                answers.add(get(mosn));
            }
            assertEquals(Set.of("hello from a", "hello from b"), answers, "host a takes traffic again");

            JsonNode host = JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster.c.host." + a.address()).body())
                    .at("/upstream/cluster.c.host." + a.address());
            assertEquals("1", host.get("health_check_unhealthy_change").asText());
            assertEquals("1", host.get("health_check_healthy_change").asText());
            assertTrue(host.get("health_check_failure").asLong() >= UNHEALTHY_THRESHOLD, host.toString());
            System.out.printf("host a marked unhealthy %dms after it died, healthy %dms after restart%n",
                    tookDown.toMillis(), tookUp.toMillis());
        }
    }
}
