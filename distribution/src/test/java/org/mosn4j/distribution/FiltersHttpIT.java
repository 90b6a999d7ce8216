package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled filters fault, ip_access, payload_limit, gzip and mirror on one listener of the unpacked
 * distribution, with curl over HTTP/1.1 and HTTP/2 (prior knowledge) against HTTP/1.1 backends, and a route's
 * per_filter_config overriding the listener's config.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiltersHttpIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private FiltersBackend backend;
    private FiltersBackend shadow;
    private Mosn4jProcess mosn;
    private String curl;
    private int port;

    private static String config(int backendPort, int shadowPort) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                      "routers": [
                        {"match": {"prefix": "/abort"}, "route": {"cluster_name": "backend"},
                         "per_filter_config": {"fault": {"abort": {"status": 503}}}},
                        {"match": {"prefix": "/mirrored"}, "route": {"cluster_name": "backend", "prefix_rewrite": "/echo"},
                         "per_filter_config": {"mirror": {"cluster": "shadow", "percent": 100}}},
                        {"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}
                      ]}]}],
                    "listeners": [{
                      "name": "filters", "address": "127.0.0.1:0", "bind_port": true,
                      "stream_filters": [
                        {"type": "ip_access", "config": {"header": "X-Forwarded-For",
                          "ips": [{"action": "deny", "addrs": ["10.0.0.0/8", "2001:db8::/32"]}]}},
                        {"type": "payload_limit", "config": {"max_entity_size": 1000}},
                        {"type": "fault", "config": {"delay": {"fixed_delay": "500ms", "percentage": 100},
                          "headers": [{"name": "x-fault", "value": "delay"}]}},
                        {"type": "mirror", "config": {"cluster": "shadow", "percent": 0}},
                        {"type": "gzip", "config": {"gzip_level": 6, "content_types": ["text/plain"]}}
                      ],
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Auto",
                        "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "backend", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "shadow", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(backendPort, shadowPort);
    }

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        curl = Tools.tool("curl");
        backend = new FiltersBackend("backend");
        shadow = new FiltersBackend("shadow");
        Distribution dist = Distribution.unpack(dir);
        mosn = dist.start("-c", dist.writeConfig("filters.json", config(backend.port(), shadow.port())).toString());
        port = mosn.listenerPort("filters");
        mosn.awaitStarted();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (mosn != null) {
                mosn.terminate();
                assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
                assertFalse(mosn.output().contains("LEAK:"), mosn.output());
                mosn.close();
            }
        } finally {
            if (backend != null) {
                backend.close();
            }
            if (shadow != null) {
                shadow.close();
            }
        }
    }

    /** What curl got: status, total seconds, headers (lower case), body. */
    private record Fetched(int status, double seconds, String headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Fetched fetch(String path, String... options) throws Exception {
        Path body = Files.createTempFile(dir, "body", ".out");
        Path headers = Files.createTempFile(dir, "headers", ".out");
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "--max-time", "20", "-o", body.toString(),
                "-D", headers.toString(), "-w", "%{http_code} %{time_total}"));
        command.addAll(List.of(options));
        command.add("http://127.0.0.1:" + port + path);
        Tools.Result result = Tools.run(dir, Duration.ofSeconds(30), command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        String[] written = result.output().trim().split(" ");
        return new Fetched(Integer.parseInt(written[0]), Double.parseDouble(written[1]),
                Files.readString(headers).toLowerCase(Locale.ROOT), Files.readAllBytes(body));
    }

    private Path file(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(Files.createTempFile(dir, "upload", ".bin"), data);
    }

    @Test
    void faultDelaysMatchingRequestsAndAbortsOnARoute() throws Exception {
        Fetched delayed = fetch("/", "-H", "x-fault: delay");
        assertEquals(200, delayed.status());
        assertTrue(delayed.seconds() >= 0.5, "took " + delayed.seconds() + "s");
        Fetched aborted = fetch("/abort");
        assertEquals(503, aborted.status());
        assertEquals("fault filter abort\n", aborted.text());
        assertEquals(503, fetch("/abort", "--http2-prior-knowledge").status());
    }

    @Test
    void ipAccessDeniesByTheForwardedAddress() throws Exception {
        assertEquals(200, fetch("/").status());
        Fetched denied = fetch("/", "-H", "X-Forwarded-For: 10.1.2.3");
        assertEquals(403, denied.status());
        assertEquals("access denied by ip_access\n", denied.text());
        assertEquals(403, fetch("/", "--http2-prior-knowledge", "-H", "X-Forwarded-For: 2001:db8::7").status());
        assertEquals(200, fetch("/", "-H", "X-Forwarded-For: 10.1.2.3, 192.168.1.1").status());
    }

    @Test
    void payloadLimitAnswers413ForDeclaredAndStreamedBodies() throws Exception {
        Path big = file(5000);
        Fetched declared = fetch("/echo", "--data-binary", "@" + big);
        assertEquals(413, declared.status());
        assertEquals(413, fetch("/echo", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + big).status());
        assertEquals(413, fetch("/echo", "--http2-prior-knowledge", "--data-binary", "@" + big).status());
        Path small = file(900);
        Fetched echoed = fetch("/echo", "--data-binary", "@" + small);
        assertEquals(200, echoed.status());
        assertArrayEquals(Files.readAllBytes(small), echoed.body());
    }

    @Test
    void gzipCompressesForClientsThatAskAndStreamsTheResult() throws Exception {
        for (String version : new String[] {"--http1.1", "--http2-prior-knowledge"}) {
            Fetched compressed = fetch("/text", version, "--compressed");
            assertEquals(200, compressed.status());
            assertTrue(compressed.headers().contains("content-encoding: gzip"), compressed.headers());
            assertTrue(compressed.headers().contains("vary: accept-encoding"), compressed.headers());
            assertEquals(FiltersBackend.TEXT, compressed.text(), "curl could not decode what " + version + " got");
            Fetched plain = fetch("/text", version);
            assertFalse(plain.headers().contains("content-encoding"), plain.headers());
            assertEquals(FiltersBackend.TEXT, plain.text());
        }
    }

    @Test
    void mirrorCopiesRequestsOfARouteToTheShadowCluster() throws Exception {
        shadow.clear();
        Path upload = file(800);
        Fetched response = fetch("/mirrored", "--data-binary", "@" + upload);
        assertEquals(200, response.status());
        assertArrayEquals(Files.readAllBytes(upload), response.body());
        FiltersBackend.Received copy = shadow.next();
        assertEquals("POST", copy.method());
        assertEquals("/mirrored", copy.path());
        assertEquals("127.0.0.1-shadow:" + port, copy.host());
        assertArrayEquals(Files.readAllBytes(upload), copy.body());

        String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + mosn.adminPort() + "/api/v1/stats?key=upstream.cluster.shadow")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(JSON.readTree(stats).path("upstream").path("cluster.shadow").path("request_total").asLong() >= 1, stats);
    }
}
