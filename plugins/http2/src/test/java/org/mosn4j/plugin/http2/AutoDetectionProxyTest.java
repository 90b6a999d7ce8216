package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.http1.Http1Protocol;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.protocol.Protocol;

/**
 * {@code "downstream_protocol": "Auto"} with both Http1 and Http2 installed: HTTP/1.1 and HTTP/2 (prior
 * knowledge) clients share one listener in front of an HTTP/1.1 backend, and bytes no protocol recognises
 * close the connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AutoDetectionProxyTest {

    /** The first bytes of a TLS 1.2 ClientHello record. */
    private static final byte[] TLS_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc,
        0x03, 0x03, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66};
    private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    @TempDir
    Path dir;

    private ExecutorService executor;
    private HttpServer backend;

    @BeforeEach
    void startBackend() throws IOException {
        executor = Executors.newCachedThreadPool();
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        backend.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = ("backend " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getProtocol()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        backend.setExecutor(executor);
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
        executor.shutdownNow();
    }

    private String config() {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "c"}}]}]}],
                    "listeners": [{
                      "name": "auto", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Auto",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [{"address": "127.0.0.1:%d"}]}]}
                }
                """.formatted(backend.getAddress().getPort());
    }

    @Test
    void http1AndHttp2ClientsShareTheListener() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config())) {
            InetSocketAddress listener = mosn.listener("auto");
            String base = "http://127.0.0.1:" + listener.getPort();
            HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = http1.send(HttpRequest.newBuilder(URI.create(base + "/one?a=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            assertEquals("backend GET /one?a=1 HTTP/1.1", response.body());
            try (H2c.Client h2 = new H2c.Client(listener)) {
                H2c.Message message = h2.send("GET", "/two", "127.0.0.1:" + listener.getPort(), Map.of(), null);
                assertEquals("200", message.first(":status"));
                assertEquals("backend GET /two HTTP/1.1", message.text());
            }
            // Both again on the same listener, after each other's connections.
            response = http1.send(HttpRequest.newBuilder(URI.create(base + "/four")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("backend GET /four HTTP/1.1", response.body());
        }
    }

    @Test
    void curlWithPriorKnowledgeAndHttp11OnOneListener() throws Exception {
        requireCurl();
        try (RunningMosn mosn = RunningMosn.start(config())) {
            String base = "http://127.0.0.1:" + mosn.listener("auto").getPort();
            assertEquals("2 200\nbackend GET /h2 HTTP/1.1", curl(base + "/h2", "--http2-prior-knowledge"));
            assertEquals("1.1 200\nbackend GET /h1 HTTP/1.1", curl(base + "/h1", "--http1.1"));
        }
    }

    @Test
    void bytesNoProtocolRecognisesCloseTheConnection() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config())) {
            InetSocketAddress listener = mosn.listener("auto");
            assertClosedWithoutAnswer(listener, TLS_CLIENT_HELLO);
            assertClosedWithoutAnswer(listener, "get / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedWithoutAnswer(listener, "PRI * HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            // The listener still serves.
            HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = http1.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + listener.getPort() + "/after")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("backend GET /after HTTP/1.1", response.body());
        }
    }

    @Test
    void onlyHttp2ClaimsThePrefaceAndOnlyHttp1ARequestLine() {
        Protocol http1 = new Http1Protocol();
        Protocol http2 = new Http2Protocol();
        for (int length = 0; length <= PREFACE.length(); length++) {
            String prefix = PREFACE.substring(0, length);
            MatchResult one = match(http1, prefix);
            MatchResult two = match(http2, prefix);
            assertNotEquals(MatchResult.MATCH, one, "Http1 on " + length + " bytes of the preface");
            assertEquals(length == PREFACE.length() ? MatchResult.MATCH : MatchResult.NEED_MORE_DATA, two,
                    "Http2 on " + length + " bytes of the preface");
        }
        assertEquals(MatchResult.MATCH, match(http2, PREFACE + "\u0000\u0000\u0000\u0004"));
        assertEquals(MatchResult.NO_MATCH, match(http1, PREFACE));

        String requestLine = "POST /x HTTP/1.1\r\n";
        for (int length = 1; length <= requestLine.length(); length++) {
            String prefix = requestLine.substring(0, length);
            MatchResult two = match(http2, prefix);
            if (length > 1) {
                assertEquals(MatchResult.NO_MATCH, two, "Http2 on " + prefix);
            }
            assertNotEquals(MatchResult.NO_MATCH, match(http1, prefix), "Http1 on " + prefix);
        }
        assertEquals(MatchResult.NO_MATCH, match(http1, new String(TLS_CLIENT_HELLO, StandardCharsets.ISO_8859_1)));
        assertEquals(MatchResult.NO_MATCH, match(http2, new String(TLS_CLIENT_HELLO, StandardCharsets.ISO_8859_1)));
    }

    private static MatchResult match(Protocol protocol, String prefix) {
        ByteBuf bytes = Unpooled.copiedBuffer(prefix, StandardCharsets.ISO_8859_1);
        try {
            MatchResult result = protocol.match(bytes);
            assertEquals(0, bytes.readerIndex(), "match must not consume");
            return result;
        } finally {
            bytes.release();
        }
    }

    /** Sends the bytes and expects the connection to end with nothing written back. */
    private static void assertClosedWithoutAnswer(InetSocketAddress listener, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(listener.getAddress(), listener.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertEquals(-1, read, "the proxy answered " + new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }

    /** Under CI curl must be there; elsewhere its absence skips the curl part. */
    private static void requireCurl() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/curl"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but curl is not installed at /usr/bin/curl");
        }
        Assumptions.assumeTrue(present, "curl is not installed: skipping the curl --http2-prior-knowledge check");
    }

    /** @return curl's HTTP version and status, then the body */
    private String curl(String url, String version) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", version, "-o",
                dir.resolve("body").toString(), "-w", "%{http_version} %{http_code}\n", "--max-time", "30", url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return status + "\n" + Files.readString(dir.resolve("body"));
    }
}
