package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/**
 * The HTTP/1.1 Upgrade to h2c (RFC 7540, section 3.2) on an {@code Auto} listener: real clients (the JDK's
 * HttpClient and curl --http2, which both upgrade over cleartext) switch and keep using HTTP/2, the upgrade
 * request being stream 1; requests that cannot switch are served as HTTP/1.1 without the upgrade headers
 * reaching the backend.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H2cUpgradeProxyTest {

    private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    /** SETTINGS_MAX_CONCURRENT_STREAMS 100 and SETTINGS_INITIAL_WINDOW_SIZE 65535, in base64url. */
    private static final String CLIENT_SETTINGS = "AAMAAABkAAQAAP__";
    private static final int FRAME_DATA = 0;
    private static final int FRAME_HEADERS = 1;
    private static final int FRAME_SETTINGS = 4;
    private static final int FLAG_END_STREAM = 1;

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
                byte[] request = exchange.getRequestBody().readAllBytes();
                byte[] body = ("backend " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + request.length).getBytes(StandardCharsets.UTF_8);
                boolean upgradeHeaders = exchange.getRequestHeaders().containsKey("Upgrade")
                        || exchange.getRequestHeaders().containsKey("HTTP2-Settings");
                exchange.getResponseHeaders().set("X-Saw-Upgrade", upgradeHeaders ? "yes" : "no");
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
                    }, {
                      "name": "h1", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [{"address": "127.0.0.1:%d"}]}]}
                }
                """.formatted(backend.getAddress().getPort());
    }

    @Test
    void jdkClientUpgradesAndKeepsUsingHttp2() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config())) {
            String base = "http://127.0.0.1:" + mosn.listener("auto").getPort();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(URI.create(base + "/first?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, first.version(), "the upgrade request's own response");
            assertEquals("backend GET /first?x=1 0", first.body());
            assertEquals("no", first.headers().firstValue("x-saw-upgrade").orElseThrow());

            // The connection is HTTP/2 now: concurrent streams, bodies both ways.
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/next/" + i))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(i * 1000))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = responses.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(HttpClient.Version.HTTP_2, response.version());
                assertEquals("backend POST /next/" + i + " " + i * 1000, response.body());
            }
        }
    }

    @Test
    void curlUpgradesOverCleartext() throws Exception {
        requireCurl();
        try (RunningMosn mosn = RunningMosn.start(config())) {
            String url = "http://127.0.0.1:" + mosn.listener("auto").getPort() + "/curl";
            List<String> command = List.of("curl", "-sS", "--http2", "-o", dir.resolve("body").toString(),
                    "-w", "%{http_version} %{http_code}", "--max-time", "30", url);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals("2 200", status);
            assertEquals("backend GET /curl 0", Files.readString(dir.resolve("body")));
        }
    }

    /** A client that sends its preface right behind the request: those bytes reach the new protocol. */
    @Test
    void framesInTheSameWriteAsTheUpgradeRequestAreKept() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config());
             Socket socket = connect(mosn.listener("auto"))) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(upgradeRequest("GET /same-write", CLIENT_SETTINGS, "").getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(PREFACE.getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(new byte[] {0, 0, 0, FRAME_SETTINGS, 0, 0, 0, 0, 0});
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            assertTrue(head.toLowerCase().contains("upgrade: h2c"), head);
            List<String> frames = new ArrayList<>();
            while (true) {
                int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt() & 0x7fffffff;
                in.readNBytes(length);
                frames.add(type + "@" + stream);
                if (stream == 1 && (type == FRAME_DATA || type == FRAME_HEADERS) && (flags & FLAG_END_STREAM) != 0) {
                    break;
                }
            }
            assertEquals(FRAME_SETTINGS + "@0", frames.get(0), "the server preface comes first: " + frames);
            assertTrue(frames.contains(FRAME_HEADERS + "@1"), "the response is on stream 1: " + frames);
        }
    }

    @Test
    void requestsThatCannotSwitchAreServedAsHttp11() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config())) {
            InetSocketAddress auto = mosn.listener("auto");
            // Not a valid HTTP2-Settings.
            assertServedAsHttp11(auto, upgradeRequest("GET /bad-settings", "!!!", ""), "backend GET /bad-settings 0");
            // A body: only bodiless requests switch.
            assertServedAsHttp11(auto, upgradeRequest("POST /with-body", CLIENT_SETTINGS, "Content-Length: 5\r\n")
                    + "hello", "backend POST /with-body 5");
            // An Upgrade token nobody takes.
            assertServedAsHttp11(auto, upgradeRequest("GET /other", CLIENT_SETTINGS, "").replace("h2c", "websocket"),
                    "backend GET /other 0");
            // A listener that speaks Http1 only.
            assertServedAsHttp11(mosn.listener("h1"), upgradeRequest("GET /http1-only", CLIENT_SETTINGS, ""),
                    "backend GET /http1-only 0");
        }
    }

    private static String upgradeRequest(String line, String settings, String extraHeaders) {
        return line + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: " + settings + "\r\n" + extraHeaders + "\r\n";
    }

    private static void assertServedAsHttp11(InetSocketAddress listener, String request, String body)
            throws IOException {
        try (Socket socket = connect(listener)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in).toLowerCase();
            assertTrue(head.startsWith("http/1.1 200 "), head);
            assertTrue(head.contains("x-saw-upgrade: no"), "upgrade headers are hop-by-hop: " + head);
            int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
            assertEquals(body, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static Socket connect(InetSocketAddress listener) throws IOException {
        Socket socket = new Socket(listener.getAddress(), listener.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** @return a response's status line and headers, up to the empty line */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection ended inside the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** Under CI curl must be there; elsewhere its absence skips the curl part. */
    private static void requireCurl() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/curl"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but curl is not installed at /usr/bin/curl");
        }
        Assumptions.assumeTrue(present, "curl is not installed: skipping the curl --http2 check");
    }
}
