package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/start.sh upgrade} under load: HTTP/1.1 clients (keep-alive and a new connection per request) run
 * through the distribution's proxy before, across and after the upgrade without a single failed request; the
 * new process serves on the same ports (admin API included), the old one exits 0 within graceful_timeout, and
 * {@code bin/stop.sh} stops the new one. An upgrade that fails, or finds nothing to upgrade, says why and leaves
 * the running process serving.
 */
@Timeout(300)
class ZeroDowntimeRestartIT {

    private static final Duration GRACEFUL_TIMEOUT = Duration.ofSeconds(5);
    private static final String JAVA_OPTS = "-Dio.netty.leakDetection.level=paranoid -Xmx256m";
    private static final int KEEP_ALIVE_CLIENTS = 4;
    private static final int NEW_CONNECTION_CLIENTS = 4;

    @TempDir
    Path dir;

    /** An HTTP/1.1 backend answering every request with the same body. */
    private static final class Backend implements AutoCloseable {
        final HttpServer server;
        final ExecutorService executor = Executors.newFixedThreadPool(8);

        Backend(String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(200, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            });
            server.setExecutor(executor);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static String config(int backendPort, String extraListener) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "%ds",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}]}]}],
                    "listeners": [{
                      "name": "web", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }%s]
                  }],
                  "cluster_manager": {"clusters": [{"name": "backend", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [{"address": "127.0.0.1:%d"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(GRACEFUL_TIMEOUT.toSeconds(), extraListener, backendPort);
    }

    /** Runs a script of the distribution with the tests' JAVA_OPTS; @return its exit code and output */
    private static Tools.Result script(Distribution dist, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dist.home().toFile()).redirectErrorStream(true);
        builder.command().set(0, dist.resolve(command[0]).toString());
        builder.environment().put("JAVA_OPTS", JAVA_OPTS);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " still running:\n" + output);
        }
        return new Tools.Result(process.exitValue(), output);
    }

    private static long pid(Distribution dist) throws IOException {
        return Long.parseLong(Files.readString(dist.resolve("logs/mosn4j.pid")).trim());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits for a line of logs/stdout.log matching {@code regex}; @return its first group */
    private static String awaitLog(Distribution dist, String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : Files.readAllLines(dist.resolve("logs/stdout.log"))) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line matching " + regex + " within " + timeout + ":\n" + log(dist));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static String log(Distribution dist) throws IOException {
        return Files.readString(dist.resolve("logs/stdout.log"));
    }

    /** Connects and waits until the running process counts the connection (it is then that process's). */
    private static Socket connectAndAwaitAccepted(int port, int adminPort) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + adminPort + "/api/v1/stats?key=downstream.listener.web")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String active = new ObjectMapper().readTree(stats.body()).at("/downstream/listener.web/connection_active").asText();
            if ("1".equals(active)) {
                return socket;
            }
            if (System.nanoTime() > deadline) {
                socket.close();
                throw new AssertionError("connection_active is " + active + ", not 1");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Test
    void anUpgradeUnderLoadFailsNoRequest() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (Backend backend = new Backend("served")) {
            dist.writeConfig("upgrade.json", config(backend.port(), ""));
            Tools.Result started = script(dist, "bin/start.sh", "-d", "-c", "conf/upgrade.json");
            assertEquals(0, started.exitCode(), started.output());
            long oldPid = pid(dist);
            ProcessHandle oldProcess = ProcessHandle.of(oldPid).orElseThrow();
            int port = Integer.parseInt(awaitLog(dist, "listener web listening on /127\\.0\\.0\\.1:(\\d+)$", Duration.ofSeconds(30)));
            int adminPort = Integer.parseInt(awaitLog(dist, "admin API listening on http://127\\.0\\.0\\.1:(\\d+)$", Duration.ofSeconds(30)));

            long newPid;
            try (Socket waiting = connectAndAwaitAccepted(port, adminPort);
                 HttpLoad load = new HttpLoad(new InetSocketAddress("127.0.0.1", port), "/upgrade", "served",
                         KEEP_ALIVE_CLIENTS, NEW_CONNECTION_CLIENTS)) {
                load.awaitMoreOk(500, Duration.ofSeconds(60));
                long okBefore = load.ok();

                // With no -c: the upgrade starts the new process on the running one's config.
                Tools.Result upgraded = script(dist, "bin/start.sh", "upgrade");
                long upgradedAt = System.nanoTime();
                assertEquals(0, upgraded.exitCode(), upgraded.output() + "\n" + log(dist));
                newPid = pid(dist);
                assertNotEquals(oldPid, newPid);
                assertTrue(upgraded.output().contains("mosn4j upgraded: pid " + newPid + " serves; pid " + oldPid
                        + " stopped accepting and drains"), upgraded.output());
                assertEquals(Long.toString(newPid), Files.readString(dist.resolve("logs/mosn4j.ready")).trim());
                assertTrue(alive(newPid));
                long okDuringUpgrade = load.ok() - okBefore;

                // Connected to the old process before the upgrade, it sends its request only now: still served.
                waiting.getOutputStream().write("GET /waiting HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(waiting.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.toLowerCase(Locale.ROOT).contains("connection: close")
                        && answer.endsWith("served"), answer);

                // The old process drains its connections and exits within graceful_timeout.
                oldProcess.onExit().get(GRACEFUL_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
                Duration drained = Duration.ofNanos(System.nanoTime() - upgradedAt);
                assertTrue(drained.compareTo(GRACEFUL_TIMEOUT) < 0, "the old process exited after " + drained);
                awaitLog(dist, "mosn4j pid " + oldPid + " exits with code 0", Duration.ofSeconds(10));

                // Only the new process serves now.
                load.awaitMoreOk(1000, Duration.ofSeconds(60));
                long okAfter = load.ok() - okBefore - okDuringUpgrade;
                load.close();
                System.out.printf("zero-downtime upgrade: %d requests before, %d during bin/start.sh upgrade, %d after"
                        + " (the old process exited %d ms after the upgrade returned); %s%n", okBefore, okDuringUpgrade,
                        okAfter, drained.toMillis(), load);
                assertEquals(0, load.failed(), load + ": " + load.failureSamples());
                assertTrue(load.retried() <= KEEP_ALIVE_CLIENTS,
                        "each keep-alive connection of the old process closes at most once while idle: " + load);
                assertTrue(okDuringUpgrade > 0, load.toString());
            }

            HttpResponse<String> states = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/api/v1/stats?key=downstream.listener.web")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, states.statusCode(), "the new process answers on the admin port");
            assertTrue(log(dist).contains("hot upgrade: pid " + newPid + " serves on listener web (127.0.0.1:0), admin API"
                    + " (127.0.0.1:0); this process stops accepting and drains"), log(dist));

            Tools.Result stopped = script(dist, "bin/stop.sh");
            assertEquals(0, stopped.exitCode(), stopped.output());
            assertTrue(stopped.output().contains("mosn4j stopped (pid " + newPid + ")"), stopped.output());
            assertFalse(alive(newPid));
            assertFalse(Files.exists(dist.resolve("logs/mosn4j.pid")));
            assertFalse(Files.exists(dist.resolve("logs/mosn4j.ready")));
            assertFalse(Files.exists(dist.resolve("logs/mosn4j-upgrade.sock")));
            awaitLog(dist, "mosn4j pid " + newPid + " exits with code 0", Duration.ofSeconds(10));
            assertFalse(log(dist).contains("LEAK:"), log(dist));
        }
    }

    @Test
    void aFailedUpgradeSaysWhyAndLeavesTheRunningProcessServing() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (Backend backend = new Backend("served");
             ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dist.writeConfig("upgrade.json", config(backend.port(), ""));
            Tools.Result none = script(dist, "bin/start.sh", "upgrade");
            assertEquals(1, none.exitCode(), none.output());
            assertTrue(none.output().contains("mosn4j: nothing to upgrade: no running mosn4j"), none.output());

            Tools.Result started = script(dist, "bin/start.sh", "-d", "-c", "conf/upgrade.json");
            assertEquals(0, started.exitCode(), started.output());
            long oldPid = pid(dist);
            int port = Integer.parseInt(awaitLog(dist, "listener web listening on /127\\.0\\.0\\.1:(\\d+)$", Duration.ofSeconds(30)));

            dist.writeConfig("busy.json", config(backend.port(), """
                    , {"name": "busy", "address": "127.0.0.1:%d", "bind_port": true,
                       "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                          "router_config_name": "r"}}]}]}
                    """.formatted(busy.getLocalPort())));
            try (HttpLoad load = new HttpLoad(new InetSocketAddress("127.0.0.1", port), "/", "served", 2, 2)) {
                load.awaitMoreOk(200, Duration.ofSeconds(60));
                Tools.Result failed = script(dist, "bin/start.sh", "upgrade", "-c", "conf/busy.json");
                assertEquals(1, failed.exitCode(), failed.output());
                assertTrue(failed.output().contains("mosn4j: upgrade failed (exit 1); pid " + oldPid + " keeps serving"),
                        failed.output());
                assertTrue(failed.output().contains("listener busy: cannot bind 127.0.0.1:" + busy.getLocalPort()),
                        failed.output());
                assertEquals(oldPid, pid(dist));
                assertTrue(alive(oldPid));
                awaitLog(dist, "hot upgrade: pid \\d+ gave up: listener busy: cannot bind", Duration.ofSeconds(10));
                load.awaitMoreOk(200, Duration.ofSeconds(60));
                load.close();
                assertEquals(0, load.failed(), load + ": " + load.failureSamples());
                assertEquals(0, load.retried(), load.toString());
            }

            Tools.Result stopped = script(dist, "bin/stop.sh");
            assertEquals(0, stopped.exitCode(), stopped.output());
            assertFalse(alive(oldPid));
            assertFalse(log(dist).contains("LEAK:"), log(dist));
        }
    }
}
