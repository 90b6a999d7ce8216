package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * HTTP/2 to HTTP/1.1 and HTTP/1.1 to HTTP/2 through the proxy: large bodies both ways byte for byte, HEAD, 204,
 * and no connection-specific header crossing from one protocol to the other.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProtocolConversionProxyTest {

    private static final int LARGE = 5 * 1024 * 1024;
    /** Headers HTTP/2 forbids (RFC 9113, section 8.2.2), and one a {@code Connection} header names. */
    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "x-hop");

    private ExecutorService executor;
    private HttpServer http1Backend;
    private final List<Map<String, List<String>>> http1Requests = new CopyOnWriteArrayList<>();
    private H2c.Server http2Backend;
    private RunningMosn mosn;

    @BeforeEach
    void start() throws Exception {
        executor = Executors.newCachedThreadPool();
        http1Backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http1Backend.createContext("/", this::answerHttp1);
        http1Backend.setExecutor(executor);
        http1Backend.start();
        http2Backend = new H2c.Server();
        mosn = RunningMosn.start("""
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "routers": [
                      {"router_config_name": "to_h1", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                         "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "h1"}}]}]},
                      {"router_config_name": "to_h2", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                         "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "h2"}}]}]}],
                    "listeners": [
                      {"name": "h2in", "address": "127.0.0.1:0", "bind_port": true,
                       "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                          "upstream_protocol": "Http1", "router_config_name": "to_h1"}}]}]},
                      {"name": "h1in", "address": "127.0.0.1:0", "bind_port": true,
                       "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                          "upstream_protocol": "Http2", "router_config_name": "to_h2"}}]}]}]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "h1", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "h2", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}]}
                }
                """.formatted(http1Backend.getAddress().getPort(), http2Backend.address().getPort()));
    }

    @AfterEach
    void stop() throws Exception {
        if (mosn != null) {
            mosn.close();
        }
        http2Backend.close();
        http1Backend.stop(0);
        executor.shutdownNow();
    }

    /**
     * {@code /echo}: the body back, chunked, with hop-by-hop headers that must not reach an HTTP/2 client;
     * {@code /fixed}: "fixed body" with its length (HEAD: headers only); {@code /nocontent}: 204.
     */
    private void answerHttp1(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            http1Requests.add(headers);
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            switch (exchange.getRequestURI().getPath()) {
                case "/echo" -> {
                    exchange.getResponseHeaders().set("Connection", "X-Hop");
                    exchange.getResponseHeaders().set("X-Hop", "1");
                    exchange.getResponseHeaders().set("Keep-Alive", "timeout=30");
                    exchange.getResponseHeaders().set("Proxy-Connection", "keep-alive");
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < body.length; i += 100_000) {
                            out.write(body, i, Math.min(100_000, body.length - i));
                        }
                    }
                }
                case "/fixed" -> {
                    byte[] fixed = "fixed body".getBytes(StandardCharsets.US_ASCII);
                    if ("HEAD".equals(exchange.getRequestMethod())) {
                        exchange.getResponseHeaders().set("Content-Length", Integer.toString(fixed.length));
                        exchange.sendResponseHeaders(200, -1);
                    } else {
                        exchange.sendResponseHeaders(200, fixed.length);
                        exchange.getResponseBody().write(fixed);
                    }
                }
                case "/nocontent" -> exchange.sendResponseHeaders(204, -1);
                default -> exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void assertNoConnectionSpecific(Map<String, List<String>> headers, String what) {
        for (String name : headers.keySet()) {
            assertFalse(CONNECTION_SPECIFIC.contains(name.toLowerCase(Locale.ROOT)), what + " carries " + name);
        }
    }

    private static void assertNoPseudo(Map<String, List<String>> headers, String what) {
        for (String name : headers.keySet()) {
            assertFalse(name.isEmpty() || name.startsWith(":"), what + " carries the header '" + name + "'");
            for (String value : headers.get(name)) {
                assertFalse(value.startsWith(":") || name.isBlank(), what + " carries " + name + ": " + value);
            }
        }
    }

    // ---- HTTP/2 downstream, HTTP/1.1 upstream

    @Test
    void http2ToHttp1LargeBodiesBothWays() throws Exception {
        InetSocketAddress listener = mosn.listener("h2in");
        byte[] body = randomBytes(LARGE, 1);
        try (H2c.Client client = new H2c.Client(listener)) {
            H2c.Message response = client.send("POST", "/echo", "example.test",
                    Map.of("te", "trailers", "content-type", "application/octet-stream"), body);
            assertEquals("200", response.first(":status"));
            assertArrayEquals(body, response.body());
            assertNoConnectionSpecific(response.headers(), "the HTTP/2 response");

            Map<String, List<String>> request = http1Requests.get(0);
            assertNoPseudo(request, "the HTTP/1.1 request");
            assertEquals(List.of("example.test"), request.get("Host"));
            assertNull(request.get("Connection"));
        }
    }

    @Test
    void http2ToHttp1HeadAndNoContent() throws Exception {
        InetSocketAddress listener = mosn.listener("h2in");
        try (H2c.Client client = new H2c.Client(listener)) {
            H2c.Message head = client.send("HEAD", "/fixed", "example.test", Map.of(), null);
            assertEquals("200", head.first(":status"));
            assertEquals("10", head.first("content-length"));
            assertEquals(0, head.body().length);
            assertNoConnectionSpecific(head.headers(), "the HEAD response");

            H2c.Message noContent = client.send("DELETE", "/nocontent", "example.test", Map.of(), null);
            assertEquals("204", noContent.first(":status"));
            assertEquals(0, noContent.body().length);
            assertNull(noContent.first("content-length"));
            assertNoConnectionSpecific(noContent.headers(), "the 204 response");

            H2c.Message get = client.send("GET", "/fixed", "example.test", Map.of(), null);
            assertEquals("200", get.first(":status"));
            assertEquals("fixed body", get.text());
        }
        for (Map<String, List<String>> request : http1Requests) {
            assertNoPseudo(request, "an HTTP/1.1 request");
        }
    }

    // ---- HTTP/1.1 downstream, HTTP/2 upstream

    /** An HTTP/2 upstream's REFUSED_STREAM means it did nothing with the request: it is sent again, body and all. */
    @Test
    void aRefusedStreamIsSentAgainWithItsBody() throws Exception {
        int port = mosn.listener("h1in").getPort();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/refused-once/get")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode());
        assertEquals("h2c GET /refused-once/get", get.body());

        byte[] body = randomBytes(300_000, 3);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/refused-once/post")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, post.statusCode());
        assertEquals("h2c POST /refused-once/post", post.body());
        List<H2c.Message> posts = http2Backend.requests.stream()
                .filter(m -> m.first(":path").equals("/refused-once/post")).toList();
        assertEquals(2, posts.size());
        assertArrayEquals(body, posts.get(1).body(), "the second attempt carries the whole body");
    }

    @Test
    void http1ToHttp2LargeBodiesBothWays() throws Exception {
        int port = mosn.listener("h1in").getPort();
        byte[] body = randomBytes(LARGE, 2);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/echo")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
        assertEquals(1, http2Backend.requests.size());
        assertEquals(Integer.toString(LARGE), http2Backend.requests.get(0).first("content-length"));

        // A chunked request body arrives whole, without its HTTP/1 framing.
        try (RawHttp1 raw = new RawHttp1(port)) {
            raw.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n");
            RawHttp1.Response echoed = raw.read(false);
            assertEquals(200, echoed.status());
            assertEquals("hello, world", echoed.text());
        }
        H2c.Message chunked = http2Backend.requests.get(1);
        assertNoConnectionSpecific(chunked.headers(), "the HTTP/2 request");
        assertEquals("hello, world", chunked.text());
    }

    @Test
    void http1ToHttp2DropsConnectionSpecificHeaders() throws Exception {
        try (RawHttp1 raw = new RawHttp1(mosn.listener("h1in").getPort())) {
            raw.send("GET /plain HTTP/1.1\r\nHost: example.test\r\nConnection: keep-alive, X-Hop\r\n"
                    + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nX-Hop: 1\r\n"
                    + "TE: trailers, deflate\r\nX-End-To-End: yes\r\n\r\n");
            RawHttp1.Response response = raw.read(false);
            assertEquals(200, response.status());
            assertEquals("h2c GET /plain", response.text());
            assertNoPseudo(response.headers(), "the HTTP/1.1 response");
        }
        H2c.Message request = http2Backend.requests.get(0);
        assertNoConnectionSpecific(request.headers(), "the HTTP/2 request");
        assertEquals("GET", request.first(":method"));
        assertEquals("/plain", request.first(":path"));
        assertEquals("http", request.first(":scheme"));
        assertEquals("example.test", request.first(":authority"));
        assertEquals("trailers", request.first("te"));
        assertEquals("yes", request.first("x-end-to-end"));
        assertNull(request.first("host"));
    }

    @Test
    void http1ToHttp2HeadAndNoContentOnOneConnection() throws Exception {
        try (RawHttp1 raw = new RawHttp1(mosn.listener("h1in").getPort())) {
            raw.send("HEAD /fixed HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp1.Response head = raw.read(true);
            assertEquals(200, head.status());
            assertEquals(List.of("10"), head.headers().get("content-length"));
            assertNull(head.headers().get("transfer-encoding"));
            assertNoPseudo(head.headers(), "the HEAD response");

            raw.send("GET /nocontent HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp1.Response noContent = raw.read(false);
            assertEquals(204, noContent.status());
            assertNull(noContent.headers().get("transfer-encoding"));
            assertNull(noContent.headers().get("content-length"));
            assertNoPseudo(noContent.headers(), "the 204 response");

            // The connection is still in step: the next response is read from where the last one ended.
            raw.send("GET /fixed HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp1.Response get = raw.read(false);
            assertEquals(200, get.status());
            assertEquals("fixed body", get.text());
            assertNull(get.headers().get("connection"));
        }
        assertEquals(3, http2Backend.requests.size());
        assertEquals("HEAD", http2Backend.requests.get(0).first(":method"));
    }

    /** A keep-alive HTTP/1.1 connection read byte by byte, so nothing past a response is consumed. */
    private static final class RawHttp1 implements AutoCloseable {

        record Response(int status, Map<String, List<String>> headers, byte[] body) {
            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }
        }

        private final Socket socket;
        private final InputStream in;

        RawHttp1(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
        }

        void send(String request) throws IOException {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        /** @param head whether the request was HEAD (no body follows whatever the headers say) */
        Response read(boolean head) throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            assertTrue(parts[0].equals("HTTP/1.1"), statusLine);
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new TreeMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':', line.startsWith(":") ? 1 : 0);
                headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (!head && status != 204 && status != 304) {
                List<String> length = headers.get("content-length");
                if (length != null) {
                    body.write(in.readNBytes(Integer.parseInt(length.get(0))));
                } else if (headers.containsKey("transfer-encoding")) {
                    for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                        body.write(in.readNBytes(size));
                        assertEquals("", line());
                    }
                    assertEquals("", line());
                } else {
                    body.write(in.readAllBytes());
                }
            }
            return new Response(status, headers, body.toByteArray());
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-line: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
