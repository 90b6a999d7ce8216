package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.RunningMosn;

/** The HTTP/1.1 proxy end to end: JDK HttpClient, the in-process proxy, and a real HTTP server behind it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dir;

    static String config(String routes, String clusters, String listenerExtra) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [%s]}]}],
                    "listeners": [{
                      "name": "http", "address": "127.0.0.1:0", "bind_port": true %s,
                      "filter_chains": [{"filters": [{"type": "proxy",
                         "config": {"downstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [%s]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(routes, listenerExtra, clusters);
    }

    static String cluster(String name, String extra, String... hosts) {
        StringBuilder list = new StringBuilder();
        for (String host : hosts) {
            list.append(list.length() == 0 ? "" : ",").append("{\"address\": \"").append(host).append("\"}");
        }
        return "{\"name\": \"" + name + "\", \"type\": \"SIMPLE\", \"lb_type\": \"LB_ROUNDROBIN\"" + extra
                + ", \"hosts\": [" + list + "]}";
    }

    static String prefixRoute(String prefix, String cluster, String extra) {
        return "{\"match\": {\"prefix\": \"" + prefix + "\"}, \"route\": {\"cluster_name\": \"" + cluster + "\"" + extra + "}}";
    }

    private static URI uri(RunningMosn mosn, String path) {
        return URI.create("http://127.0.0.1:" + mosn.listener("http").getPort() + path);
    }

    private static HttpResponse<String> get(RunningMosn mosn, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(mosn, path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode stats(RunningMosn mosn, String key) throws IOException {
        return JSON.readTree(mosn.admin("/api/v1/stats?key=" + key).body());
    }

    @Test
    void getIsProxiedWithForwardingHeaders() throws Exception {
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            HttpResponse<String> response = get(mosn, "/hello?x=1");
            assertEquals(200, response.statusCode());
            assertEquals("hello from b1", response.body());
            String headers = get(mosn, "/headers?q=2").body();
            assertTrue(headers.contains("x-forwarded-for: 127.0.0.1"), headers);
            assertTrue(headers.contains("x-forwarded-proto: http"), headers);
            assertTrue(headers.contains("host: 127.0.0.1:" + mosn.listener("http").getPort()), headers);
            assertTrue(headers.contains("uri: /headers?q=2"), headers);
            JsonNode downstream = stats(mosn, "downstream.listener.http").at("/downstream/listener.http");
            assertEquals("2", downstream.get("request_total").asText());
            assertEquals("2", downstream.get("request_200_total").asText());
        }
    }

    @Test
    void tenMebibytePostArrivesByteForByte() throws Exception {
        byte[] body = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(body);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            HttpResponse<String> sha = CLIENT.send(HttpRequest.newBuilder(uri(mosn, "/sha256"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(body.length + " " + digest, sha.body());
            HttpResponse<byte[]> echo = CLIENT.send(HttpRequest.newBuilder(uri(mosn, "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, echo.statusCode());
            assertArrayEquals(body, echo.body());
        }
    }

    @Test
    void keepAliveConnectionsAreReusedUpToMaxRequestPerConn() throws Exception {
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""),
                     cluster("c", ", \"max_request_per_conn\": 5", backend.address()), ""))) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(mosn, "/").statusCode());
            }
            JsonNode cluster = stats(mosn, "upstream.cluster.c").at("/upstream/cluster.c");
            assertEquals("10", cluster.get("request_total").asText());
            assertEquals("2", cluster.get("connection_total").asText());
        }
    }

    @Test
    void noRouteIs404AndCounted() throws Exception {
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/api/", "c", ""), cluster("c", "", backend.address()), ""))) {
            HttpResponse<String> response = get(mosn, "/other");
            assertEquals(404, response.statusCode());
            assertEquals("NoRouteFound", response.headers().firstValue("x-mosn4j-response-flag").orElse(""));
            assertEquals("1", stats(mosn, "downstream.listener.http").at("/downstream/listener.http/request_404_total").asText());
            assertEquals(0, backend.requests());
        }
    }

    @Test
    void connectFailureIs502() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        try (RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", "127.0.0.1:" + dead), ""))) {
            HttpResponse<String> response = get(mosn, "/");
            assertEquals(502, response.statusCode());
            assertEquals("UpstreamConnectionFailure", response.headers().firstValue("x-mosn4j-response-flag").orElse(""));
            assertEquals("1", stats(mosn, "upstream.cluster.c").at("/upstream/cluster.c/connection_con_fail").asText());
        }
    }

    @Test
    void retryGoesToAnotherHost() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        try (Backend alive = new Backend("alive");
             RunningMosn mosn = RunningMosn.start(config(
                     prefixRoute("/", "c", ", \"retry_policy\": {\"retry_on\": true, \"num_retries\": 2}"),
                     cluster("c", "", "127.0.0.1:" + dead, alive.address()), ""))) {
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> response = get(mosn, "/");
                assertEquals(200, response.statusCode());
                assertEquals("hello from alive", response.body());
            }
        }
    }

    @Test
    void aTryThatTakesLongerThanRetryTimeoutIsRetriedOnAnotherHost() throws Exception {
        // The first host completes TCP handshakes (in its backlog) but never answers.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Backend backend = new Backend("answering");
             RunningMosn mosn = RunningMosn.start(config(
                     prefixRoute("/", "c", ", \"retry_policy\": {\"retry_on\": true, \"num_retries\": 1, \"retry_timeout\": \"300ms\"}"),
                     cluster("c", "", "127.0.0.1:" + silent.getLocalPort(), backend.address()), ""))) {
            HttpResponse<String> response = get(mosn, "/");
            assertEquals(200, response.statusCode());
            assertEquals("hello from answering", response.body());
            JsonNode cluster = stats(mosn, "upstream.cluster.c").at("/upstream/cluster.c");
            assertEquals("1", cluster.get("request_retry").asText());
            assertEquals("1", cluster.get("request_timeout").asText());
        }
    }

    @Test
    void listedStatusCodesAreRetriedOnAnotherHost() throws Exception {
        try (Backend failing = new Backend("failing", 503);
             Backend healthy = new Backend("healthy");
             RunningMosn mosn = RunningMosn.start(config(
                     prefixRoute("/", "c", ", \"retry_policy\": {\"retry_on\": true, \"num_retries\": 1, \"status_codes\": [503]}"),
                     cluster("c", "", failing.address(), healthy.address()), ""))) {
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> response = get(mosn, "/");
                assertEquals(200, response.statusCode());
                assertEquals("hello from healthy", response.body());
            }
            // Round robin: each request starts on the failing host, and its retry takes the next one.
            assertEquals(4, failing.requests());
            assertEquals(4, healthy.requests());
            assertEquals("4", stats(mosn, "upstream.cluster.c").at("/upstream/cluster.c/request_retry").asText());
        }
    }

    @Test
    void upstreamTimeoutIs504() throws Exception {
        try (Backend backend = new Backend("slow");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ", \"timeout\": \"300ms\""),
                     cluster("c", "", backend.address()), ""))) {
            HttpResponse<String> response = get(mosn, "/hang");
            assertEquals(504, response.statusCode());
            assertEquals("1", stats(mosn, "upstream.cluster.c").at("/upstream/cluster.c/request_timeout").asText());
            assertEquals(200, get(mosn, "/").statusCode());
        }
    }

    @Test
    void directResponseAndRedirectNeedNoBackend() throws Exception {
        String routes = """
                {"match": {"prefix": "/old"}, "redirect": {"path_redirect": "/new", "response_code": 302}},
                {"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "Welcome to mosn4j\\n"}}
                """;
        try (RunningMosn mosn = RunningMosn.start(config(routes, cluster("unused", "", "127.0.0.1:9"), ""))) {
            HttpResponse<String> welcome = get(mosn, "/anything");
            assertEquals(200, welcome.statusCode());
            assertEquals("Welcome to mosn4j\n", welcome.body());
            HttpResponse<String> redirect = get(mosn, "/old/page");
            assertEquals(302, redirect.statusCode());
            assertTrue(redirect.headers().firstValue("location").orElse("").endsWith("/new"),
                    redirect.headers().map().toString());
        }
    }

    @Test
    void accessLogRecordsEachRequest() throws Exception {
        Path log = dir.resolve("logs/access.log");
        try (Backend backend = new Backend("b1")) {
            try (RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()),
                    ", \"access_logs\": [{\"log_path\": \"" + log + "\", \"log_format\": "
                            + "\"%protocol% %response_code% %request_header_:path% %upstream_host% %bytes_sent%\"}]"))) {
                assertEquals(200, get(mosn, "/a").statusCode());
            }
            String lines = Files.readString(log);
            assertTrue(lines.startsWith("Http1 200 /a " + backend.address() + " 13\n"), lines);
        }
    }

    @Test
    void aClientThatLeavesMidRequestCancelsTheUpstreamRequest() throws Exception {
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            try (Socket client = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
                client.getOutputStream().write(("POST /sha256 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"
                        + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                waitForBackendRequest(backend);
            }
            assertTrue(backend.bodyReadFailure().get(20, TimeUnit.SECONDS) != null);
            JsonNode downstream = stats(mosn, "downstream.listener.http").at("/downstream/listener.http");
            assertEquals("1", downstream.get("request_reset").asText());
            assertEquals(200, get(mosn, "/").statusCode());
        }
    }

    /** The backend counts a request once its handler runs, which needs the proxy to have forwarded it. */
    private static void waitForBackendRequest(Backend backend) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (backend.requests() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the request never reached the backend");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void oversizedRequestLinesAndHeadersGetTheirStatus() throws Exception {
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            assertEquals("HTTP/1.1 414", rawStatus(mosn, "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals("HTTP/1.1 431", rawStatus(mosn, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000)
                    + "\r\n\r\n"));
            assertEquals("HTTP/1.1 400", rawStatus(mosn, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                    + "Content-Length: 2\r\n\r\nab"));
            assertEquals("HTTP/1.1 400", rawStatus(mosn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"));
            assertEquals(0, backend.requests());
        }
    }

    private static String rawStatus(RunningMosn mosn, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.length() >= 12 ? response.substring(0, 12) : response;
        }
    }

    @Test
    void curlGetsTheBackendsAnswer() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci && new ProcessBuilder("sh", "-c", "command -v curl").start().waitFor() != 0) {
            org.junit.jupiter.api.Assumptions.abort("curl is not installed");
        }
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "10", "-w", " %{http_code}",
                    "-d", "posted by curl", uri(mosn, "/echo").toString()).redirectErrorStream(true).start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, curl.waitFor(), out);
            assertEquals("posted by curl 200", out);
        }
    }

    @Test
    void aBadRequestOnOneConnectionDoesNotDisturbAnother() throws Exception {
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""));
             Socket bad = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
            bad.setSoTimeout(10_000);
            bad.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(bad.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertEquals("hello from b1", get(mosn, "/").body());
            assertEquals(0, backend.requests() - 1);
        }
    }
}
