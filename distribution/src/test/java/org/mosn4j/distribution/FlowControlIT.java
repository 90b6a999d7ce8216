package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * flowControlFilter through the unpacked distribution: curl over HTTP/1.1 and HTTP/2 against requests-per-second
 * rules (Sentinel inside the filters plugin jar), a route that turns limiting off, and a bad rule that stops the
 * start with exit code 2.
 */
@Timeout(180)
class FlowControlIT {

    /** A burst shorter than this lies within Sentinel's one-second window (two buckets of 500 ms). */
    private static final long ONE_BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    @TempDir
    Path dir;

    private static String config(int backendPort, Path sentinelLogs, String rules) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [
                         {"match": {"prefix": "/open/"}, "route": {"cluster_name": "backend"},
                          "per_filter_config": {"flowControlFilter": {"global_switch": false}}},
                         {"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}
                       ]}]}],
                    "listeners": [{
                      "name": "web", "address": "127.0.0.1:0", "bind_port": true,
                      "stream_filters": [{"type": "flowControlFilter", "config": {
                        "app_name": "mosn4j-it", "log_path": "%s", "global_switch": true, "monitor": false,
                        "limit_key_type": "PATH", "action": {"status": 429, "body": "slow down"},
                        "rules": [%s]}}],
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Auto",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "backend", "type": "SIMPLE",
                     "hosts": [{"address": "127.0.0.1:%d"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(sentinelLogs, rules, backendPort);
    }

    private static final String RULES = """
            {"resource": "/limited", "limitApp": "default", "grade": 1, "threshold": 3, "strategy": 0},
            {"resource": "/h2-limited", "limitApp": "default", "grade": 1, "threshold": 2, "strategy": 0},
            {"resource": "/open/limited", "grade": 1, "threshold": 1}
            """;

    /** Runs one curl with {@code n} requests to {@code url} on one connection; @return each status (and HTTP version) */
    private List<String> curl(String curl, int n, String url, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "-w", "%{http_code} %{http_version}\\n"));
        command.addAll(Arrays.asList(options));
        for (int i = 0; i < n; i++) {
            command.addAll(List.of("-o", "/dev/null", url));
        }
        Tools.Result result = Tools.run(dir, Duration.ofSeconds(30), command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        return result.output().lines().toList();
    }

    private static void assertLimitedTo(int limit, List<String> results, String version, long burstNanos) {
        long passed = results.stream().filter(("200 " + version)::equals).count();
        long limited = results.stream().filter(("429 " + version)::equals).count();
        assertEquals(results.size(), passed + limited, results.toString());
        if (burstNanos < ONE_BUCKET_NANOS) {
            assertEquals(limit, passed, results.toString());
        } else {
            assertTrue(passed >= limit && passed <= 2L * limit, "a slow burst: " + results);
        }
    }

    @Test
    void requestsOverARuleGetTheConfiguredReplyOverHttp1AndHttp2() throws Exception {
        String curl = Tools.tool("curl");
        Distribution dist = Distribution.unpack(dir);
        ExecutorService executor = Executors.newCachedThreadPool();
        AtomicInteger backendRequests = new AtomicInteger();
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        backend.createContext("/", exchange -> {
            try (exchange) {
                backendRequests.incrementAndGet();
                byte[] body = "backend\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        backend.setExecutor(executor);
        backend.start();
        Path sentinelLogs = dist.resolve("logs/sentinel");
        try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("flow.json",
                config(backend.getAddress().getPort(), sentinelLogs, RULES)).toString())) {
            int port = mosn.listenerPort("web");
            mosn.awaitStarted();
            String base = "http://127.0.0.1:" + port;

            long start = System.nanoTime();
            List<String> http1 = curl(curl, 6, base + "/limited");
            assertLimitedTo(3, http1, "1.1", System.nanoTime() - start);

            Path body = dir.resolve("limited.out");
            Tools.Result one = Tools.run(dir, Duration.ofSeconds(30), curl, "-sS", "-o", body.toString(), "-w",
                    "%{http_code}", base + "/limited");
            if (one.output().trim().equals("429")) {
                assertEquals("slow down", Files.readString(body));
            }

            // One curl per request: curl 7.88 fails its second transfer on a reused prior-knowledge connection.
            start = System.nanoTime();
            List<String> http2 = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                http2.addAll(curl(curl, 1, base + "/h2-limited", "--http2-prior-knowledge"));
            }
            assertLimitedTo(2, http2, "2", System.nanoTime() - start);

            assertEquals(List.of("200 1.1", "200 1.1", "200 1.1"), curl(curl, 3, base + "/open/limited"),
                    "the route's per_filter_config turns limiting off");
            assertEquals(List.of("200 1.1", "200 1.1", "200 1.1", "200 1.1"), curl(curl, 4, base + "/free"));

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
            assertTrue(mosn.output().contains("Sentinel: application mosn4j-it, logs and metrics in " + sentinelLogs),
                    mosn.output());
            assertTrue(Files.isDirectory(sentinelLogs.resolve("eagleeye")), "Sentinel writes all its logs where log_path says");
        } finally {
            backend.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void aBadRuleStopsTheStartWithItsPath() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        String rules = "{\"resource\": \"/limited\", \"grade\": 3, \"threshold\": 3}";
        try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("bad-flow.json",
                config(1, dist.resolve("logs/sentinel"), rules)).toString())) {
            assertEquals(2, mosn.awaitExit(Duration.ofSeconds(60)));
            assertTrue(mosn.output().contains("servers[0].listeners[0].stream_filters[0].config.rules[0].grade: expected 1"
                    + " (requests per second) or 0 (requests in flight), got 3"), mosn.output());
            assertFalse(mosn.output().contains("listening on"), mosn.output());
        }
    }
}
