package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fault_tolerance through the unpacked distribution: of two backends behind round robin, the one answering 503
 * is ejected after three failures in a row, curl's requests all go to the healthy one, the ejection is logged
 * and counted in the admin stats, and the host returns once its backoff is over; a bad field stops the start
 * with exit code 2.
 */
@Timeout(180)
class FaultToleranceIT {

    private static final long RECOVER_MILLIS = 2000;

    @TempDir
    Path dir;

    /** A backend answering every request with its name and a status the test sets. */
    private static final class Backend implements AutoCloseable {
        final HttpServer server;
        final ExecutorService executor = Executors.newCachedThreadPool();
        final AtomicInteger status;
        final AtomicInteger requests = new AtomicInteger();

        Backend(String name, int initialStatus) throws IOException {
            status = new AtomicInteger(initialStatus);
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.createContext("/", exchange -> {
                try (exchange) {
                    requests.incrementAndGet();
                    exchange.sendResponseHeaders(status.get(), body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.setExecutor(executor);
            server.start();
        }

        String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static String config(String faultTolerance, String first, String second) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backends"}}]}]}],
                    "listeners": [{
                      "name": "web", "address": "127.0.0.1:0", "bind_port": true,
                      "stream_filters": [{"type": "fault_tolerance", "config": %s}],
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "backends", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [{"address": "%s"}, {"address": "%s"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(faultTolerance, first, second);
    }

    /** Runs one curl with {@code n} requests on one connection; @return each status */
    private List<String> curl(String curl, int n, String url) throws Exception {
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "-w", "%{http_code}\\n"));
        for (int i = 0; i < n; i++) {
            command.addAll(List.of("-o", "/dev/null", url));
        }
        Tools.Result result = Tools.run(dir, Duration.ofSeconds(30), command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        return result.output().lines().toList();
    }

    @Test
    void aFailingBackendIsEjectedAndReturnsAfterItsBackoff() throws Exception {
        String curl = Tools.tool("curl");
        Distribution dist = Distribution.unpack(dir);
        String faultTolerance = """
                {"enabled": true, "exceptionTypes": [500, 502, 503, 504], "consecutiveExceptions": 3,
                 "timeWindow": 60000, "leastWindowCount": 10, "maxIpCount": 1, "recoverTime": %d, "taskSize": 20}
                """.formatted(RECOVER_MILLIS);
        try (Backend good = new Backend("good", 200);
             Backend bad = new Backend("bad", 503);
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("fault-tolerance.json",
                     config(faultTolerance, good.address(), bad.address())).toString())) {
            int port = mosn.listenerPort("web");
            int adminPort = mosn.adminPort();
            mosn.awaitStarted();
            String url = "http://127.0.0.1:" + port + "/work";

            List<String> statuses = curl(curl, 12, url);
            long ejectedBy = System.nanoTime();
            assertEquals(3, statuses.stream().filter("503"::equals).count(), statuses.toString());
            assertEquals(List.of("200", "200", "200", "200", "200", "200"), statuses.subList(6, 12), statuses.toString());
            assertEquals(3, bad.requests.get());
            mosn.awaitLine(l -> l.contains("cluster backends: host " + bad.address() + " ejected from load balancing for 2s"
                    + " after 3 consecutive failures"), Duration.ofSeconds(10));
            JsonNode stats = new ObjectMapper().readTree(Tools.run(dir, Duration.ofSeconds(30), curl, "-sS",
                    "http://127.0.0.1:" + adminPort + "/api/v1/stats").output());
            assertEquals("1", stats.at("/upstream/cluster.backends.host." + bad.address() + "/outlier_ejections_active")
                    .asText(), stats.toString());
            assertEquals("1", stats.at("/upstream/cluster.backends/outlier_ejections_total").asText(), stats.toString());

            bad.status.set(200);
            // The backoff is time: let it pass, then the next requests bring the host back.
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(RECOVER_MILLIS + 100) - (System.nanoTime() - ejectedBy);
            if (waitNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
            assertEquals(List.of("200", "200", "200", "200"), curl(curl, 4, url));
            mosn.awaitLine(l -> l.contains("cluster backends: host " + bad.address() + " returned to load balancing"),
                    Duration.ofSeconds(10));
            assertTrue(bad.requests.get() > 3, "the returned host gets requests again");

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
        }
    }

    @Test
    void aBadFieldStopsTheStartWithItsPath() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("bad-fault-tolerance.json",
                config("{\"enabled\": true, \"maxIpRatio\": 2}", "127.0.0.1:1", "127.0.0.1:2")).toString())) {
            assertEquals(2, mosn.awaitExit(Duration.ofSeconds(60)));
            assertTrue(mosn.output().contains("servers[0].listeners[0].stream_filters[0].config.maxIpRatio: expected a"
                    + " share of a cluster's hosts from 0 to 1 (0: no such limit), got 2.0"), mosn.output());
            assertFalse(mosn.output().contains("listening on"), mosn.output());
        }
    }
}
