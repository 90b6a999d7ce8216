package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third-party plugin example, {@code examples/custom-stream-filter}: built on its own with Maven against the
 * installed {@code mosn4j-spi} artifact, dropped into the unpacked distribution's plugins/, named in a config,
 * and acting on live HTTP traffic.
 */
@Timeout(300)
class CustomFilterExampleIT {

    private static final String EXAMPLE = "examples/custom-stream-filter";
    private static final String JAR = "example-header-guard-1.0.0.jar";

    @TempDir
    Path dir;

    private static String config(int backendPort) {
        return """
                {
                  "servers": [{
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "all", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}]}]}],
                    "listeners": [{
                      "name": "http", "address": "127.0.0.1:0",
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "router_config_name": "r"}}]}],
                      "stream_filters": [{"type": "example_header_guard", "config": {
                         "request_headers": {"x-guard": "passed"},
                         "response_headers": {"x-guarded-by": "example_header_guard"},
                         "deny": [{"header": "user-agent", "regex": "(?i)badbot", "status": 403, "body": "bots are not welcome\\n"}]
                      }}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "backend", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]}
                }
                """.formatted(backendPort);
    }

    @Test
    void theExampleBuildsOnItsOwnAndGuardsLiveTraffic() throws Exception {
        String mvn = Tools.tool("mvn");
        Path project = copyExample(dir.resolve("example"));
        Tools.Result build = Tools.run(dir, Duration.ofMinutes(4), mvn, "-B", "-o", "-q", "-f",
                project.resolve("pom.xml").toString(), "package", "-Dmosn4j.version=" + System.getProperty("mosn4j.version"));
        assertEquals(0, build.exitCode(), (build.output().contains("mosn4j-spi")
                ? "the example builds against org.mosn4j:mosn4j-spi from the local Maven repository; run mvn install first\n"
                : "") + build.output());
        Path jar = project.resolve("target").resolve(JAR);
        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals("example-header-guard", file.getManifest().getMainAttributes().getValue("Plugin-Id"));
            assertEquals("1.0.0", file.getManifest().getMainAttributes().getValue("Plugin-Version"));
            assertNotNull(file.getEntry("META-INF/extensions.idx"), "no extension index in " + jar);
            String index = new String(file.getInputStream(file.getEntry("META-INF/extensions.idx")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(index.contains("com.example.mosn4j.headerguard.HeaderGuardFilterFactory"), index);
            try (Stream<java.util.jar.JarEntry> entries = file.stream()) {
                assertTrue(entries.noneMatch(e -> e.getName().startsWith("org/mosn4j/")), "the jar bundles mosn4j classes");
            }
        }

        Distribution dist = Distribution.unpack(dir);
        Files.copy(jar, dist.resolve("plugins").resolve(JAR));
        AtomicInteger backendRequests = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.createContext("/", exchange -> {
            try (exchange) {
                backendRequests.incrementAndGet();
                String guard = exchange.getRequestHeaders().getFirst("x-guard");
                byte[] body = ("backend saw x-guard: " + guard + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        backend.setExecutor(threads);
        backend.start();
        try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("guard.json",
                config(backend.getAddress().getPort())).toString())) {
            int port = mosn.listenerPort("http");
            mosn.awaitStarted();
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + port + "/hello");

            HttpResponse<String> passed = client.send(HttpRequest.newBuilder(uri).header("User-Agent", "friendly/1.0")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, passed.statusCode(), passed.body());
            assertEquals("backend saw x-guard: passed\n", passed.body());
            assertEquals("example_header_guard", passed.headers().firstValue("x-guarded-by").orElse(null));

            HttpResponse<String> denied = client.send(HttpRequest.newBuilder(uri).header("User-Agent", "EvilBadBot/2.0")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, denied.statusCode(), denied.body());
            assertEquals("bots are not welcome\n", denied.body());
            assertEquals("example_header_guard", denied.headers().firstValue("x-guarded-by").orElse(null));
            assertEquals(1, backendRequests.get(), "the denied request must not reach the backend");

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(40)));
            assertTrue(mosn.output().lines().anyMatch(l -> l.contains("stream filter types: [")
                    && l.contains("example_header_guard")), mosn.output());
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
        } finally {
            backend.stop(0);
            threads.shutdownNow();
        }
    }

    /** Copies the example's sources (not a target/ left by an earlier build) so that the build writes only under dir. */
    private static Path copyExample(Path target) throws IOException {
        Path source = Path.of(System.getProperty("user.dir")).resolve("..").resolve(EXAMPLE).normalize();
        assertTrue(Files.isRegularFile(source.resolve("pom.xml")), "no example project at " + source);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(p -> !source.relativize(p).startsWith("target")).toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }
}
