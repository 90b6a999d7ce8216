package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 end to end through the unpacked distribution to an HTTP/2 backend (nginx, h2c with prior knowledge):
 * an {@code Auto} listener takes curl upgrading from HTTP/1.1 ({@code --http2}), curl with prior knowledge and
 * h2load, and the upstream Http2 pool multiplexes all of it over a few connections to nginx.
 */
@Timeout(180)
class Http2BackendIT {

    private static final int H2LOAD_REQUESTS = 2000;

    @TempDir
    Path dir;

    private static String nginxConfig(Path prefix, int port) {
        return """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  log_format streams '$connection $server_protocol $status';
                  server {
                    listen 127.0.0.1:%2$d http2;
                    http2_max_concurrent_streams 128;
                    keepalive_requests 200;
                    access_log %1$s/access.log streams;
                    location / { return 200 "nginx $server_protocol $request_method $uri\\n"; }
                  }
                }
                """.formatted(prefix, port);
    }

    private static String mosnConfig(int backendPort, Path accessLog) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "10s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "nginx"}}]}]}],
                    "listeners": [{
                      "name": "auto",
                      "address": "127.0.0.1:0",
                      "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Auto",
                         "upstream_protocol": "Http2", "router_config_name": "r"}}]}],
                      "access_logs": [{"log_path": "%s", "log_format": "%%protocol%% %%response_code%%"}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "nginx", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(accessLog.toString().replace("\\", "\\\\"), backendPort);
    }

    @Test
    void curlUpgradeCurlPriorKnowledgeAndH2loadReachAnHttp2Backend() throws Exception {
        String curl = Tools.tool("curl");
        String h2load = Tools.tool("h2load");
        String nginx = Tools.tool("nginx");
        Distribution dist = Distribution.unpack(dir);

        Path nginxDir = Files.createDirectories(dir.resolve("nginx"));
        int nginxPort = freePort();
        Files.writeString(nginxDir.resolve("nginx.conf"), nginxConfig(nginxDir, nginxPort));
        Process backend = new ProcessBuilder(nginx, "-p", nginxDir + "/", "-c", nginxDir.resolve("nginx.conf").toString(),
                "-e", nginxDir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(nginxDir.resolve("stdout.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Path accessLog = dir.resolve("access.log");
        try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("h2-backend.json",
                mosnConfig(nginxPort, accessLog)).toString())) {
            awaitListening(nginxPort, backend, nginxDir);
            int port = mosn.listenerPort("auto");
            int adminPort = mosn.adminPort();
            mosn.awaitStarted();
            String base = "http://127.0.0.1:" + port;

            // (a) curl upgrading from HTTP/1.1 (Upgrade: h2c), then with prior knowledge
            Tools.Result upgraded = Tools.run(dir, Duration.ofSeconds(30), curl, "-sS", "--http2",
                    "-w", "\n%{http_version} %{http_code}", base + "/upgraded");
            assertEquals(0, upgraded.exitCode(), upgraded.output());
            assertEquals("nginx HTTP/2.0 GET /upgraded\n\n2 200", upgraded.output().trim(), upgraded.output());
            Tools.Result prior = Tools.run(dir, Duration.ofSeconds(30), curl, "-sS", "--http2-prior-knowledge",
                    "-d", "x=1", "-w", "\n%{http_version} %{http_code}", base + "/prior");
            assertEquals(0, prior.exitCode(), prior.output());
            assertEquals("nginx HTTP/2.0 POST /prior\n\n2 200", prior.output().trim(), prior.output());

            // (b) h2load: 4 connections, 20 concurrent streams each
            Tools.Result load = Tools.run(dir, Duration.ofSeconds(120), h2load, "-c4", "-m20", "-n" + H2LOAD_REQUESTS,
                    base + "/load");
            assertEquals(0, load.exitCode(), load.output());
            Matcher requests = Pattern.compile("(?m)^requests: (\\d+) total, (\\d+) started, (\\d+) done, "
                    + "(\\d+) succeeded, (\\d+) failed, (\\d+) errored, (\\d+) timeout").matcher(load.output());
            assertTrue(requests.find(), "no requests line in h2load's output:\n" + load.output());
            assertEquals(H2LOAD_REQUESTS, Integer.parseInt(requests.group(4)), "succeeded:\n" + load.output());

            // (c) counted like Http1 requests
            String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/api/v1/stats?key=downstream.listener.auto"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(Http2IT.stat(stats, "request_200_total") >= H2LOAD_REQUESTS + 2, stats);

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(40)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
            List<String> lines = Files.readAllLines(accessLog);
            assertEquals(H2LOAD_REQUESTS + 2, lines.size());
            assertTrue(lines.stream().allMatch(l -> l.equals("Http2 200")), () -> "other lines: "
                    + lines.stream().filter(l -> !l.equals("Http2 200")).limit(5).toList());
        } finally {
            backend.destroy();
            assertTrue(backend.waitFor(30, TimeUnit.SECONDS), "nginx did not stop");
        }

        // nginx saw every request over HTTP/2, multiplexed onto a few connections: each connection carries up
        // to keepalive_requests streams before nginx sends GOAWAY, and streams it then refuses are sent again.
        List<String> nginxLog = Files.readAllLines(nginxDir.resolve("access.log"));
        assertEquals(H2LOAD_REQUESTS + 2, nginxLog.size());
        assertTrue(nginxLog.stream().allMatch(l -> l.endsWith(" HTTP/2.0 200")), nginxLog.get(0));
        Set<String> connections = nginxLog.stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
        int expected = (H2LOAD_REQUESTS + 2 + 199) / 200;
        assertTrue(connections.size() <= 2 * expected + 4, connections.size() + " upstream connections for "
                + nginxLog.size() + " requests");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits for nginx to accept connections, failing with its logs if it exits first. */
    private static void awaitListening(int port, Process nginx, Path nginxDir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!nginx.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nginx is not listening on " + port + ":\n"
                            + Files.readString(nginxDir.resolve("stdout.log")) + readIfExists(nginxDir.resolve("error.log")));
                }
                nginx.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
