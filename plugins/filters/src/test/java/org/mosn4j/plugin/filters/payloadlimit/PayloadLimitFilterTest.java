package org.mosn4j.plugin.filters.payloadlimit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.filters.common.HttpClients;
import org.mosn4j.plugin.filters.common.ProxyConfigs;
import org.mosn4j.plugin.filters.common.TestBackend;

/** The payload_limit filter through the in-process proxy, on HTTP/1.1 and HTTP/2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayloadLimitFilterTest {

    private static final String LIMIT = "{\"type\": \"payload_limit\", \"config\": {\"max_entity_size\": 1000}}";

    private static String route(String prefix, String config) {
        return "{\"match\": {\"prefix\": \"" + prefix + "\"}, \"route\": {\"cluster_name\": \"c\", \"prefix_rewrite\": \"/echo\"},"
                + " \"per_filter_config\": {\"payload_limit\": " + config + "}}";
    }

    private TestBackend backend;
    private RunningMosn mosn;
    private int port;
    private final HttpClient client = HttpClients.http1();

    @BeforeAll
    void start() throws Exception {
        backend = new TestBackend("b");
        String routes = String.join(",\n",
                // MOSN's own key has a trailing space.
                route("/big", "{\"max_entity_size \": 100000, \"http_status\": 400}"),
                route("/unlimited", "{\"max_entity_size\": 0}"),
                ProxyConfigs.routeAll("c"));
        mosn = RunningMosn.start(ProxyConfigs.auto(LIMIT, ProxyConfigs.virtualHost(routes),
                ProxyConfigs.cluster("c", backend.address())));
        port = mosn.listener("proxy").getPort();
    }

    @AfterAll
    void stop() {
        if (mosn != null) {
            mosn.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        return body;
    }

    private HttpResponse<byte[]> post(HttpClient http, String path, byte[] body, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return http.send(HttpClients.request(port, path).POST(publisher).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aDeclaredLengthOverTheLimitIsAnsweredBeforeAnythingGoesUpstream() throws Exception {
        int before = backend.requests();
        HttpResponse<byte[]> response = post(client, "/echo", body(1001), false);
        assertEquals(413, response.statusCode());
        assertEquals("request body larger than 1000 bytes\n", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(before, backend.requests());
    }

    @Test
    void bodiesWithinTheLimitPass() throws Exception {
        byte[] body = body(1000);
        HttpResponse<byte[]> declared = post(client, "/echo", body, false);
        assertEquals(200, declared.statusCode());
        assertArrayEquals(body, declared.body());
        HttpResponse<byte[]> chunked = post(client, "/echo", body, true);
        assertEquals(200, chunked.statusCode());
        assertArrayEquals(body, chunked.body());
    }

    @Test
    void aStreamedBodyIsCountedAndAnsweredWhenItCrossesTheLimit() throws Exception {
        assertEquals(413, post(client, "/echo", body(50_000), true).statusCode());
    }

    @Test
    void perRouteConfigRaisesOrLiftsTheLimit() throws Exception {
        assertEquals(200, post(client, "/big", body(5000), true).statusCode());
        assertEquals(400, post(client, "/big", body(100_001), false).statusCode());
        assertEquals(200, post(client, "/unlimited", body(200_000), true).statusCode());
    }

    @Test
    void http2Streams() throws Exception {
        HttpClient h2 = HttpClients.http2(port);
        HttpResponse<byte[]> declared = post(h2, "/echo", body(2000), false);
        assertEquals(HttpClient.Version.HTTP_2, declared.version());
        assertEquals(413, declared.statusCode());
        assertEquals(413, post(h2, "/echo", body(50_000), true).statusCode());
        assertEquals(200, post(h2, "/echo", body(900), true).statusCode());
    }

    @Test
    void aResponseAlreadyUnderWayIsResetWhenTheBodyCrossesTheLimit() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /early HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk(600)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readUntil(in, "started\n");
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            out.write(chunk(600).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertFalse(rest.endsWith("0\r\n\r\n"), "the response was completed instead of reset: " + rest);
        } finally {
            backend.releaseStream();
        }
    }

    private static String chunk(int size) {
        return Integer.toHexString(size) + "\r\n" + "b".repeat(size) + "\r\n";
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.US_ASCII).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed before \"" + marker.trim() + "\": " + seen);
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.US_ASCII);
    }
}
