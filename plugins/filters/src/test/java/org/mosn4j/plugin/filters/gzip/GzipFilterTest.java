package org.mosn4j.plugin.filters.gzip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.filters.common.HttpClients;
import org.mosn4j.plugin.filters.common.ProxyConfigs;
import org.mosn4j.plugin.filters.common.TestBackend;

/** The gzip filter through the in-process proxy, on HTTP/1.1 and HTTP/2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GzipFilterTest {

    private static final byte[] TEXT = TestBackend.TEXT.getBytes(StandardCharsets.US_ASCII);

    private static String route(String prefix, String rewrite, String config) {
        return "{\"match\": {\"prefix\": \"" + prefix + "\"}, \"route\": {\"cluster_name\": \"c\", \"prefix_rewrite\": \""
                + rewrite + "\"}, \"per_filter_config\": {\"gzip\": " + config + "}}";
    }

    private TestBackend backend;
    private RunningMosn mosn;
    private int port;
    private final HttpClient client = HttpClients.http1();

    @BeforeAll
    void start() throws Exception {
        backend = new TestBackend("b");
        String routes = String.join(",\n",
                route("/nozip", "/text", "{\"disabled\": true}"),
                route("/json-only", "/text", "{\"content_types\": [\"application/json\"]}"),
                route("/text-family", "/text", "{\"content_types\": [\"text/*\"], \"gzip_level\": 9}"),
                route("/min", "/text", "{\"content_length\": 30000}"),
                ProxyConfigs.routeAll("c"));
        mosn = RunningMosn.start(ProxyConfigs.auto("{\"type\": \"gzip\", \"config\": {\"gzip_level\": 6}}",
                ProxyConfigs.virtualHost(routes), ProxyConfigs.cluster("c", backend.address())));
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

    private HttpResponse<byte[]> get(HttpClient http, String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpClients.request(port, path);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertGzipped(HttpResponse<byte[]> response, byte[] expected) throws Exception {
        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("content-encoding").orElse(null));
        assertTrue(response.headers().firstValue("content-length").isEmpty(), "Content-Length left on a compressed body");
        assertEquals(List.of("Accept-Encoding"), response.headers().allValues("vary"));
        assertTrue(response.body().length < expected.length / 4, "compressed to " + response.body().length);
        assertArrayEquals(expected, TestBackend.Gzip.decompress(response.body()));
    }

    private static void assertIdentity(HttpResponse<byte[]> response) {
        assertTrue(response.headers().firstValue("content-encoding").isEmpty(),
                "unexpected Content-Encoding " + response.headers().firstValue("content-encoding"));
    }

    @Test
    void textIsCompressedForClientsThatTakeGzip() throws Exception {
        assertGzipped(get(client, "/text", "gzip, deflate"), TEXT);
        assertGzipped(get(client, "/text", "*"), TEXT);
        assertGzipped(get(client, "/text", "br;q=1.0, gzip;q=0.8"), TEXT);
    }

    @Test
    void otherClientsGetTheBodyAsItIsButTheVaryHeaderAnyway() throws Exception {
        for (String acceptEncoding : new String[] {null, "identity", "gzip;q=0", "gzip;q=0.5, identity;q=1"}) {
            HttpResponse<byte[]> response = get(client, "/text", acceptEncoding);
            assertIdentity(response);
            assertArrayEquals(TEXT, response.body());
            assertEquals(Long.toString(TEXT.length), response.headers().firstValue("content-length").orElse(null));
            assertEquals("Accept-Encoding", response.headers().firstValue("vary").orElse(null));
        }
    }

    @Test
    void responsesThatMustNotOrNeedNotBeCompressed() throws Exception {
        HttpResponse<Void> head = client.send(HttpClients.request(port, "/text").header("Accept-Encoding", "gzip")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertTrue(head.headers().firstValue("content-encoding").isEmpty());
        assertEquals(204, get(client, "/status/204", "gzip").statusCode());
        assertIdentity(get(client, "/status/204", "gzip"));
        assertIdentity(get(client, "/status/304", "gzip"));
        assertIdentity(get(client, "/small", "gzip"));
        assertIdentity(get(client, "/echo", "gzip"));

        HttpResponse<byte[]> encoded = get(client, "/gzipped", "gzip");
        assertEquals(List.of("gzip"), encoded.headers().allValues("content-encoding"));
        assertArrayEquals(TEXT, TestBackend.Gzip.decompress(encoded.body()), "an encoded body was compressed again");
    }

    @Test
    void perRouteConfig() throws Exception {
        assertIdentity(get(client, "/nozip", "gzip"));
        assertIdentity(get(client, "/json-only", "gzip"));
        assertIdentity(get(client, "/min", "gzip"));
        assertGzipped(get(client, "/text-family", "gzip"), TEXT);
    }

    @Test
    void aStreamedResponseIsCompressedChunkByChunk() throws Exception {
        HttpResponse<InputStream> response = client.send(HttpClients.request(port, "/stream")
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("gzip", response.headers().firstValue("content-encoding").orElse(null));
        try (GZIPInputStream in = new GZIPInputStream(response.body(), 16)) {
            // The backend holds the second part back until the first has been read, decompressed, here.
            assertEquals("first part\n", new String(in.readNBytes(11), StandardCharsets.US_ASCII));
            backend.releaseStream();
            assertEquals("second part\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void http2Streams() throws Exception {
        HttpClient h2 = HttpClients.http2(port);
        HttpResponse<byte[]> response = get(h2, "/text", "gzip");
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertGzipped(response, TEXT);
        HttpResponse<byte[]> plain = get(h2, "/text", null);
        assertIdentity(plain);
        assertArrayEquals(TEXT, plain.body());
        assertFalse(plain.headers().firstValue("content-encoding").isPresent());
    }
}
