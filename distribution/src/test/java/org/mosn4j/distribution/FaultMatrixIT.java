package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.distribution.FaultBackend.Behaviour;

/**
 * Upstream and client faults, one after another, through the unpacked distribution while other clients keep
 * sending normal requests: an upstream that dies mid-response, one that never answers (the route's timeout),
 * one that answers byte by byte, one that closes its write side without answering, a port nobody listens on, an
 * address that cannot be reached (TEST-NET-1, no DNS involved), and clients that leave mid-request and
 * mid-response. For each: every request gets exactly one answer (the response, or an error status; a response
 * whose upstream died after its headers went out is cut short, which is the only way left to say so), none
 * takes longer than its bound, nothing is left open towards the upstream, the proxy serves a normal request
 * afterwards, and the background load never fails. mosn4j runs with paranoid leak detection and must not log
 * {@code LEAK:}.
 */
@Timeout(120)
class FaultMatrixIT {

    private static final int THREADS = 3;
    private static final long ROUTE_TIMEOUT_MILLIS = 1000;
    private static final long CONNECT_TIMEOUT_MILLIS = 1000;
    /** Scheduling delays of a loaded 2-core machine, on top of each case's own time. */
    private static final long SLACK_MILLIS = 3000;
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ", Pattern.MULTILINE);
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");
    private static final Pattern CHUNKED = Pattern.compile("(?i)\r\ntransfer-encoding: *chunked\r\n");
    /** The first response of each path and outcome, for the failure messages. */
    private static final Map<String, String> SAMPLES = new ConcurrentHashMap<>();
    private static final HttpClient ADMIN = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /**
     * One fault.
     *
     * @param name printed with the counts
     * @param path the route it takes
     * @param requests requests per client thread
     * @param boundMillis the longest a request may take, slack included
     * @param allowed the outcomes that are a correct answer to it
     */
    private record Case(String name, String path, int requests, long boundMillis, Set<String> allowed) {
    }

    private static String config(Map<String, String> clusters) {
        StringBuilder routes = new StringBuilder();
        StringBuilder clusterList = new StringBuilder();
        clusters.forEach((name, address) -> {
            String timeout = ", \"timeout\": \"" + (name.equals("never") ? ROUTE_TIMEOUT_MILLIS + "ms" : "10s") + "\"";
            routes.append(routes.isEmpty() ? "" : ",\n").append("""
                    {"match": {"prefix": "/%s"}, "route": {"cluster_name": "%s"%s}}""".formatted(name, name, timeout));
            clusterList.append(clusterList.isEmpty() ? "" : ",\n").append("""
                    {"name": "%s", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "%dms",
                     "hosts": [{"address": "%s"}]}""".formatted(name, CONNECT_TIMEOUT_MILLIS, address));
        });
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [%s]}]}],
                    "listeners": [{
                      "name": "web", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [%s]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(routes, clusterList);
    }

    /** @return a port on 127.0.0.1 nobody listens on (bound and released) */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Sends one GET with {@code Connection: close} and reads until the proxy closes.
     *
     * @return the outcome: the status of the one answer, {@code truncated} for an answer whose body was cut
     *         short, {@code several} for more than one answer, {@code none} for a close without an answer,
     *         {@code hung} for no close within the bound
     */
    private static String request(int port, String path, long boundMillis) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) boundMillis);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(received);
            } catch (SocketTimeoutException e) {
                return "hung";
            } catch (IOException reset) {
                // what came before the reset is judged below
            }
            String response = received.toString(StandardCharsets.ISO_8859_1);
            String outcome = outcome(response);
            SAMPLES.putIfAbsent(path + " " + outcome, response.length() > 400 ? response.substring(0, 400) : response);
            return outcome;
        } catch (IOException e) {
            return "connect failed: " + e.getMessage();
        }
    }

    private static String outcome(String response) {
        Matcher status = STATUS_LINE.matcher(response);
        if (!status.find()) {
            return "none";
        }
        String code = status.group(1);
        if (status.find()) {
            return "several";
        }
        int headEnd = response.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return "truncated";
        }
        String head = response.substring(0, headEnd + 2);
        Matcher length = CONTENT_LENGTH.matcher(head);
        boolean cut = length.find() ? response.length() - headEnd - 4 < Long.parseLong(length.group(1))
                : CHUNKED.matcher(head).find() && !response.endsWith("\r\n0\r\n\r\n");
        return cut ? "truncated" : code;
    }

    /** Runs {@code THREADS} clients of {@code requests} each. @return outcomes and their counts */
    private static Map<String, Integer> run(ExecutorService pool, int port, Case c, AtomicLong slowest)
            throws Exception {
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            clients.add(pool.submit(() -> {
                for (int i = 0; i < c.requests(); i++) {
                    long start = System.nanoTime();
                    String outcome = request(port, c.path(), c.boundMillis());
                    slowest.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        for (Future<?> client : clients) {
            client.get(c.requests() * (c.boundMillis() + SLACK_MILLIS), TimeUnit.MILLISECONDS);
        }
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    /** Clients that send headers and part of a body, or read only a response's first bytes, then close. */
    private static void leave(ExecutorService pool, int port, String request, int readBytes, int count)
            throws Exception {
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            clients.add(pool.submit(() -> {
                for (int i = 0; i < count; i++) {
                    try (Socket socket = new Socket("127.0.0.1", port)) {
                        socket.setSoTimeout(10_000);
                        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                        InputStream in = socket.getInputStream();
                        for (int read = 0; read < readBytes && in.read() >= 0; read++) {
                            // the first bytes of the response: it has started
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get(60, TimeUnit.SECONDS);
        }
    }

    private static long listenerStat(int adminPort, String key) throws Exception {
        HttpResponse<String> response = ADMIN.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                + "/api/v1/stats?key=downstream.listener.web")).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).at("/downstream/listener.web/" + key).asLong(-1);
    }

    /** Waits until {@code condition} holds for the value {@code read} gives; fails after 10 s. */
    private static void await(String what, ThrowingIntSupplier read, IntPredicate condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int value = read.get();
        while (!condition.test(value)) {
            assertTrue(System.nanoTime() < deadline, what + ": still " + value);
            TimeUnit.MILLISECONDS.sleep(20);
            value = read.get();
        }
    }

    private interface ThrowingIntSupplier {
        int get() throws Exception;
    }

    @Test
    void everyFaultUnderLoadGetsOneAnswerInTimeAndLeavesTheProxyServing() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (FaultBackend ok = new FaultBackend(Behaviour.OK);
             FaultBackend dies = new FaultBackend(Behaviour.DIES_MID_RESPONSE);
             FaultBackend never = new FaultBackend(Behaviour.NEVER_ANSWERS);
             FaultBackend slow = new FaultBackend(Behaviour.BYTE_BY_BYTE);
             FaultBackend halfOpen = new FaultBackend(Behaviour.CLOSES_WRITE_SIDE);
             FaultBackend upload = new FaultBackend(Behaviour.NEVER_ANSWERS);
             FaultBackend slowGone = new FaultBackend(Behaviour.BYTE_BY_BYTE)) {
            Map<String, String> clusters = new java.util.LinkedHashMap<>();
            clusters.put("ok", ok.address());
            clusters.put("dies", dies.address());
            clusters.put("never", never.address());
            clusters.put("slowgone", slowGone.address());
            clusters.put("slow", slow.address());
            clusters.put("halfopen", halfOpen.address());
            clusters.put("refused", "127.0.0.1:" + closedPort());
            // TEST-NET-1 (RFC 5737): never routed, so the connect fails or times out without any name lookup.
            clusters.put("unroutable", "192.0.2.1:80");
            clusters.put("upload", upload.address());
            try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("faults.json", config(clusters)).toString())) {
                int port = mosn.listenerPort("web");
                int adminPort = mosn.adminPort();
                mosn.awaitStarted();
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                HttpLoad background = new HttpLoad(new InetSocketAddress("127.0.0.1", port), "/ok", "ok", 1, 1);
                try {
                    background.awaitMoreOk(10, Duration.ofSeconds(20));
                    List<Case> cases = List.of(
                            new Case("upstream killed mid-response", "/dies", 10, SLACK_MILLIS,
                                    Set.of("truncated", "502")),
                            new Case("upstream never answers (route timeout)", "/never", 2,
                                    ROUTE_TIMEOUT_MILLIS + SLACK_MILLIS, Set.of("504")),
                            new Case("upstream answers byte by byte", "/slow", 4, SLACK_MILLIS + 1000, Set.of("200")),
                            new Case("half-open upstream (closes its write side)", "/halfopen", 10, SLACK_MILLIS,
                                    Set.of("502")),
                            new Case("connection refused", "/refused", 10, SLACK_MILLIS, Set.of("502")),
                            new Case("unroutable address", "/unroutable", 2, CONNECT_TIMEOUT_MILLIS + SLACK_MILLIS,
                                    Set.of("502")));
                    for (Case c : cases) {
                        AtomicLong slowest = new AtomicLong();
                        Map<String, Integer> outcomes = run(pool, port, c, slowest);
                        int sent = THREADS * c.requests();
                        int answered = outcomes.entrySet().stream().filter(e -> c.allowed().contains(e.getKey()))
                                .mapToInt(Map.Entry::getValue).sum();
                        System.out.printf("fault %-45s sent=%d answered=%d by outcome=%s slowest=%d ms%n", c.name(),
                                sent, answered, outcomes, slowest.get());
                        assertEquals(sent, answered, c.name() + ": " + outcomes + "; first responses: " + SAMPLES);
                        assertTrue(slowest.get() < c.boundMillis(), c.name() + ": slowest " + slowest.get() + " ms");
                        assertEquals("200", request(port, "/ok", SLACK_MILLIS), c.name() + ": then a normal request");
                    }

                    int leaving = 5;
                    leave(pool, port, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
                            + "y".repeat(100), 0, leaving);
                    await("upstream requests still open after their clients left mid-request",
                            upload::busyConnections, n -> n == 0);
                    System.out.printf("fault %-45s sent=%d (the clients left; no upstream request left hanging)%n",
                            "client disconnects mid-request", THREADS * leaving);
                    leave(pool, port, "GET /slowgone HTTP/1.1\r\nHost: x\r\n\r\n", 12, leaving);
                    await("upstream requests still open after their clients left mid-response",
                            slowGone::busyConnections, n -> n == 0);
                    System.out.printf("fault %-45s sent=%d (the clients left; no upstream request left hanging)%n",
                            "client disconnects mid-response", THREADS * leaving);
                    assertEquals("200", request(port, "/ok", SLACK_MILLIS), "a normal request after the clients left");
                    // Only the background load's requests (one per thread) may still be in flight.
                    await("requests in flight", () -> (int) listenerStat(adminPort, "request_active"), n -> n <= 2);
                    await("requests still open on the upstream that never answers", never::busyConnections,
                            n -> n == 0);
                } finally {
                    background.close();
                    pool.shutdownNow();
                }
                System.out.printf("background load during the faults: %s%n", background);
                assertEquals(0, background.failed(), background.failureSamples().toString());
                assertTrue(background.ok() > 0, background.toString());

                mosn.terminate();
                assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
                assertFalse(mosn.output().contains("LEAK:"), mosn.output());
            }
        }
    }
}
