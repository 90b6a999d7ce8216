package org.mosn4j.plugin.filters.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
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

/** The mirror filter through the in-process proxy, on HTTP/1.1 and HTTP/2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String route(String prefix, String config) {
        return "{\"match\": {\"prefix\": \"" + prefix + "\"}, \"route\": {\"cluster_name\": \"main\", \"prefix_rewrite\": \"/echo\"},"
                + " \"per_filter_config\": {\"mirror\": " + config + "}}";
    }

    private TestBackend main;
    private TestBackend shadow;
    /** Accepts connections and never reads or answers. */
    private ServerSocket blackHole;
    private RunningMosn mosn;
    private int port;
    private final HttpClient client = HttpClients.http1();

    @BeforeAll
    void start() throws Exception {
        main = new TestBackend("main");
        shadow = new TestBackend("shadow");
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int closedPort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        String routes = String.join(",\n",
                route("/none", "{\"cluster\": \"shadow\", \"percent\": 0}"),
                route("/slow", "{\"cluster\": \"black-hole\", \"timeout\": \"20s\"}"),
                route("/down", "{\"cluster\": \"down\"}"),
                route("/unknown", "{\"cluster\": \"no-such-cluster\"}"),
                ProxyConfigs.routeAll("main"));
        String clusters = String.join(",", ProxyConfigs.cluster("main", main.address()),
                ProxyConfigs.cluster("shadow", shadow.address()),
                ProxyConfigs.cluster("black-hole", "127.0.0.1:" + blackHole.getLocalPort()),
                ProxyConfigs.cluster("down", "127.0.0.1:" + closedPort));
        mosn = RunningMosn.start(ProxyConfigs.auto("""
                {"type": "mirror", "config": {"cluster": "shadow", "max_body_bytes": 10000}}""",
                ProxyConfigs.virtualHost(routes), clusters));
        port = mosn.listener("proxy").getPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (mosn != null) {
            mosn.close();
        }
        if (main != null) {
            main.close();
        }
        if (shadow != null) {
            shadow.close();
        }
        if (blackHole != null) {
            blackHole.close();
        }
    }

    private HttpResponse<byte[]> post(HttpClient http, String path, byte[] body) throws Exception {
        return http.send(HttpClients.request(port, path).header("x-test", "mirrored")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private long shadowRequestsSent(String cluster) throws Exception {
        return JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster." + cluster).body())
                .path("upstream").path("cluster." + cluster).path("request_total").asLong(-1);
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        return body;
    }

    @Test
    void headersAndBodyAreCopiedToTheShadowCluster() throws Exception {
        byte[] body = body(5000);
        HttpResponse<byte[]> response = post(client, "/echo?copy=1", body);
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
        TestBackend.Received copy = shadow.next(10);
        assertEquals("POST", copy.method());
        assertEquals("/echo?copy=1", copy.path());
        assertEquals("mirrored", copy.header("x-test"));
        assertEquals("127.0.0.1-shadow:" + port, copy.header("host"));
        assertArrayEquals(body, copy.body());

        assertEquals(200, client.send(HttpClients.request(port, "/get?copy=2").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        TestBackend.Received get = shadow.next(10);
        assertEquals("GET", get.method());
        assertEquals("/get?copy=2", get.path());
    }

    @Test
    void zeroPercentAndBodiesOverTheLimitAreNotCopied() throws Exception {
        long before = shadowRequestsSent("shadow");
        assertEquals(200, post(client, "/none", body(100)).statusCode());
        byte[] big = body(10_001);
        HttpResponse<byte[]> response = post(client, "/echo?big", big);
        assertEquals(200, response.statusCode());
        assertArrayEquals(big, response.body());
        // A copy is counted when it is sent, before the request goes upstream, so before the response.
        assertEquals(before, shadowRequestsSent("shadow"));
    }

    @Test
    void aShadowThatNeverAnswersOrCannotBeReachedDoesNotTouchTheRequest() throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            byte[] body = body(1000 + i);
            HttpResponse<byte[]> response = post(client, "/slow", body);
            assertEquals(200, response.statusCode());
            assertArrayEquals(body, response.body());
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10),
                "requests waited for a shadow that never answers");
        assertEquals(5, shadowRequestsSent("black-hole"));
        assertEquals(200, post(client, "/down", body(10)).statusCode());
        assertEquals(200, post(client, "/unknown", body(10)).statusCode());
    }

    @Test
    void http2RequestsAreCopiedToo() throws Exception {
        HttpClient h2 = HttpClients.http2(port);
        drainShadow();
        byte[] body = body(3000);
        HttpResponse<byte[]> response = post(h2, "/echo?h2", body);
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertArrayEquals(body, response.body());
        TestBackend.Received copy = shadow.next(10);
        assertEquals("/echo?h2", copy.path());
        assertArrayEquals(body, copy.body());
        assertNull(shadow.poll());
    }

    /** Takes the copies of the h2c upgrade request and of other tests. */
    private void drainShadow() throws Exception {
        for (TestBackend.Received copy = shadow.next(10); !copy.path().equals("/"); copy = shadow.next(10)) {
            // an earlier test's copy
        }
    }
}
