package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.HttpProxyTest.cluster;
import static org.mosn4j.plugin.http1.HttpProxyTest.config;
import static org.mosn4j.plugin.http1.HttpProxyTest.prefixRoute;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.RunningMosn;

/** HTTP/1.1 behaviours through the whole proxy, with real clients (JDK HttpClient, curl, raw sockets). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpProxyBehaviourTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private static URI uri(RunningMosn mosn, String path) {
        return URI.create("http://127.0.0.1:" + mosn.listener("http").getPort() + path);
    }

    private static String raw(RunningMosn mosn, String requests) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndConnectionCloseIsHonoured() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            String answers = raw(mosn, "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecond"
                    + "GET /third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            int first = answers.indexOf("hello from b");
            int second = answers.indexOf("second");
            int third = answers.lastIndexOf("hello from b");
            assertTrue(first > 0 && second > first && third > second, answers);
            assertEquals(3, answers.split("HTTP/1.1 200", -1).length - 1, answers);
        }
    }

    @Test
    void http10RequestsWithoutHostGetTheUpstreamHostsAddress() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            String answer = raw(mosn, "GET /headers HTTP/1.0\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("host: " + backend.address()), answer);
        }
    }

    @Test
    void headGetsHeadersWithoutABody() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            String answer = raw(mosn, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("\r\n\r\n"), "a body followed the headers: " + answer);
        }
    }

    @Test
    void chunkedRequestBodiesStreamThrough() throws Exception {
        byte[] body = "a chunked body of unknown length ".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            HttpResponse<byte[]> echo = CLIENT.send(HttpRequest.newBuilder(uri(mosn, "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, echo.statusCode());
            assertEquals(new String(body, StandardCharsets.US_ASCII), new String(echo.body(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void expectContinueFromCurlIsAnswered() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci && new ProcessBuilder("sh", "-c", "command -v curl").start().waitFor() != 0) {
            org.junit.jupiter.api.Assumptions.abort("curl is not installed");
        }
        Path upload = dir.resolve("upload.bin");
        Files.write(upload, new byte[200_000]);
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            Process curl = new ProcessBuilder("curl", "-sS", "-v", "--max-time", "10", "-H", "Expect: 100-continue",
                    "--data-binary", "@" + upload, uri(mosn, "/sha256").toString()).redirectErrorStream(true).start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, curl.waitFor(), out);
            assertTrue(out.contains("HTTP/1.1 100 Continue"), out);
            assertTrue(out.contains("200000 "), out);
        }
    }

    @Test
    void weightedClustersHeaderChangesAndRewritesApply() throws Exception {
        String routes = """
                {"match": {"regex": "/w/.*"}, "route": {"weighted_clusters": [
                    {"cluster": {"name": "a", "weight": 3}}, {"cluster": {"name": "b", "weight": 1}}]}},
                {"match": {"prefix": "/rewrite/", "headers": [{"name": "x-env", "value": "te.t", "regex": true}]},
                 "route": {"cluster_name": "a", "prefix_rewrite": "/", "host_rewrite": "backend.internal",
                   "request_headers_to_add": [{"header": {"key": "x-added", "value": "yes"}, "append": false}],
                   "request_headers_to_remove": ["x-secret"],
                   "response_headers_to_add": [{"header": {"key": "x-served-by", "value": "mosn4j"}}]}}
                """;
        try (Backend a = new Backend("a");
             Backend b = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(routes,
                     cluster("a", "", a.address()) + "," + cluster("b", "", b.address()), ""))) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                String body = CLIENT.send(HttpRequest.newBuilder(uri(mosn, "/w/x")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                counts.merge(body, 1, Integer::sum);
            }
            assertTrue(counts.get("hello from a") > counts.get("hello from b"), counts.toString());
            HttpResponse<String> headers = CLIENT.send(HttpRequest.newBuilder(uri(mosn, "/rewrite/headers?k=v"))
                    .header("x-env", "test").header("x-secret", "s").build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(headers.body().contains("uri: /headers?k=v"), headers.body());
            assertTrue(headers.body().contains("host: backend.internal"), headers.body());
            assertTrue(headers.body().contains("x-added: yes"), headers.body());
            assertTrue(!headers.body().contains("x-secret"), headers.body());
            assertEquals("mosn4j", headers.headers().firstValue("x-served-by").orElse(""));
            assertEquals(404, CLIENT.send(HttpRequest.newBuilder(uri(mosn, "/rewrite/headers"))
                    .header("x-env", "prod").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void virtualHostsAreChosenByHost() throws Exception {
        String config = """
                {
                  "servers": [{
                    "routers": [{"router_config_name": "r", "virtual_hosts": [
                       {"name": "api", "domains": ["api.example.com"], "routers": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "api"}}]},
                       {"name": "wild", "domains": ["*.example.com"], "routers": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "wild"}}]},
                       {"name": "default", "domains": ["*"], "routers": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "default"}}]}
                    ]}],
                    "listeners": [{"name": "http", "address": "127.0.0.1:0", "filter_chains": [{"filters": [{"type": "proxy",
                       "config": {"downstream_protocol": "Auto", "router_config_name": "r"}}]}]}]
                  }]
                }
                """;
        try (RunningMosn mosn = RunningMosn.start(config)) {
            assertTrue(raw(mosn, "GET / HTTP/1.1\r\nHost: api.example.com:80\r\nConnection: close\r\n\r\n").endsWith("api"));
            assertTrue(raw(mosn, "GET / HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n").endsWith("wild"));
            assertTrue(raw(mosn, "GET / HTTP/1.1\r\nHost: other.org\r\nConnection: close\r\n\r\n").endsWith("default"));
        }
    }

    @Test
    void autoDetectionClosesConnectionsNoProtocolRecognises() throws Exception {
        String config = """
                {"servers": [{
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "d", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "ok"}}]}]}],
                    "listeners": [{"name": "http", "address": "127.0.0.1:0", "filter_chains": [{"filters": [{"type": "proxy",
                       "config": {"downstream_protocol": "Auto", "router_config_name": "r"}}]}]}]}]}
                """;
        try (RunningMosn mosn = RunningMosn.start(config);
             Socket socket = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x10});
            InputStream in = socket.getInputStream();
            assertEquals(-1, in.read());
            assertTrue(raw(mosn, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").endsWith("ok"));
        }
    }

    @Test
    void upstreamConnectionsIdleLongerThanIdleTimeoutAreClosed() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""),
                     cluster("c", ", \"idle_timeout\": \"200ms\"", backend.address()), ""))) {
            assertEquals(200, CLIENT.send(HttpRequest.newBuilder(uri(mosn, "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String active;
            do {
                active = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        mosn.admin("/api/v1/stats?key=upstream.cluster.c").body())
                        .at("/upstream/cluster.c/connection_active").asText();
            } while (!active.equals("0") && System.nanoTime() < deadline);
            assertEquals("0", active);
        }
    }
}
