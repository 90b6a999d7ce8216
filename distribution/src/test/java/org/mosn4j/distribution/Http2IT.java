package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 clients (curl with prior knowledge, h2load) through the unpacked distribution to an HTTP/1.1
 * backend: a listener with downstream protocol Http2 and upstream protocol Http1.
 */
@Timeout(180)
class Http2IT {

    private static final int H2LOAD_REQUESTS = 2000;

    @TempDir
    Path dir;

    private static String config(int backendPort, Path accessLog) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "10s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}]}]}],
                    "listeners": [{
                      "name": "h2",
                      "address": "127.0.0.1:0",
                      "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}],
                      "access_logs": [{"log_path": "%s", "log_format": "%%protocol%% %%response_code%%"}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "backend", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(accessLog.toString().replace("\\", "\\\\"), backendPort);
    }

    @Test
    void curlAndH2loadCrossTheHttp2ToHttp1ListenerAndAreCountedAndLogged() throws Exception {
        String curl = Tools.tool("curl");
        String h2load = Tools.tool("h2load");
        Distribution dist = Distribution.unpack(dir);
        byte[] page = "<html><body>hello over HTTP/2</body></html>\n".getBytes(StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newCachedThreadPool();
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        backend.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "POST".equals(exchange.getRequestMethod()) ? exchange.getRequestBody().readAllBytes() : page;
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        backend.setExecutor(executor);
        backend.start();
        Path accessLog = dir.resolve("h2-access.log");
        try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("h2.json",
                config(backend.getAddress().getPort(), accessLog)).toString())) {
            int port = mosn.listenerPort("h2");
            int adminPort = mosn.adminPort();
            mosn.awaitStarted();
            String base = "http://127.0.0.1:" + port;

            // (a) a GET and a 1 MiB POST with curl, HTTP/2 with prior knowledge, byte for byte
            Path got = dir.resolve("get.out");
            Tools.Result get = run(Duration.ofSeconds(30), curl, "-sS", "--http2-prior-knowledge", "-o", got.toString(),
                    "-w", "%{http_code} %{http_version}", base + "/index.html");
            assertEquals(0, get.exitCode(), get.output());
            assertEquals("200 2", get.output().trim(), get.output());
            assertArrayEquals(page, Files.readAllBytes(got));

            byte[] upload = new byte[1024 * 1024];
            new Random(2045).nextBytes(upload);
            Path uploadFile = dir.resolve("upload.bin");
            Files.write(uploadFile, upload);
            Path echoed = dir.resolve("post.out");
            Tools.Result post = run(Duration.ofSeconds(60), curl, "-sS", "--http2-prior-knowledge", "-o", echoed.toString(),
                    "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + uploadFile,
                    "-w", "%{http_code} %{http_version}", base + "/upload");
            assertEquals(0, post.exitCode(), post.output());
            assertEquals("200 2", post.output().trim(), post.output());
            assertArrayEquals(upload, Files.readAllBytes(echoed));

            // (b) h2load: 4 connections, 20 concurrent streams each
            Tools.Result load = run(Duration.ofSeconds(120), h2load, "-c4", "-m20", "-n" + H2LOAD_REQUESTS, base + "/index.html");
            assertEquals(0, load.exitCode(), load.output());
            Matcher requests = Pattern.compile("(?m)^requests: (\\d+) total, (\\d+) started, (\\d+) done, "
                    + "(\\d+) succeeded, (\\d+) failed, (\\d+) errored, (\\d+) timeout").matcher(load.output());
            assertTrue(requests.find(), "no requests line in h2load's output:\n" + load.output());
            assertEquals(H2LOAD_REQUESTS, Integer.parseInt(requests.group(4)), "succeeded:\n" + load.output());
            assertEquals(0, Integer.parseInt(requests.group(5)), "failed:\n" + load.output());
            assertEquals(0, Integer.parseInt(requests.group(6)), "errored:\n" + load.output());

            // (c) the listener's downstream stats count every stream
            String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + adminPort + "/api/v1/stats?key=downstream.listener.h2"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            long total = stat(stats, "request_total");
            assertTrue(total >= H2LOAD_REQUESTS + 2, "request_total " + total + " in\n" + stats);
            assertTrue(stat(stats, "request_200_total") >= H2LOAD_REQUESTS + 2, stats);

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(40)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());

            // the access log is complete once mosn4j has exited
            List<String> lines = Files.readAllLines(accessLog);
            assertEquals(H2LOAD_REQUESTS + 2, lines.size(), () -> "access log lines; first: "
                    + lines.stream().limit(5).toList());
            List<String> others = lines.stream().filter(l -> !l.equals("Http2 200")).limit(5).toList();
            assertTrue(others.isEmpty(), "lines other than \"Http2 200\": " + others);
        } finally {
            backend.stop(0);
            executor.shutdownNow();
        }
    }

    static long stat(String stats, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"?(\\d+)").matcher(stats);
        assertTrue(m.find(), "no " + key + " in\n" + stats);
        return Long.parseLong(m.group(1));
    }

    private Tools.Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return Tools.run(dir, timeout, command);
    }
}
