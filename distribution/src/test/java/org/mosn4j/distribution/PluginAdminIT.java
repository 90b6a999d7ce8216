package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.plugin.StampFilterFactory;
import org.mosn4j.kernel.plugin.TestPluginJar;

/**
 * Plugin management through the admin API of the unpacked distribution: a stream filter plugin ({@code stamp},
 * which sets {@code x-stamp} on requests and responses) disabled, enabled, unloaded and loaded again while
 * HTTP/1.1 traffic runs through two listeners, one rejecting and one skipping while the plugin is off; broken
 * jars at startup and at run time.
 */
@Timeout(180)
class PluginAdminIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private final ExecutorService backendThreads = Executors.newCachedThreadPool();
    private HttpServer backend;
    /** Counted down by a request to /slow when it reaches the backend. */
    private volatile CountDownLatch slowArrived = new CountDownLatch(1);
    /** Holds requests to /slow until counted down. */
    private volatile CountDownLatch slowRelease = new CountDownLatch(1);

    private static String config(int backendPort) {
        return """
                {
                  "servers": [{
                    "default_log_level": "INFO",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "all", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}]}]}],
                    "listeners": [
                      {"name": "guarded", "address": "127.0.0.1:0",
                       "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                          "router_config_name": "r"}}]}],
                       "stream_filters": [{"type": "stamp", "config": {"value": "v1"}}]},
                      {"name": "lenient", "address": "127.0.0.1:0",
                       "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                          "router_config_name": "r"}}]}],
                       "stream_filters": [{"type": "stamp", "config": {"value": "v1"}, "on_plugin_disabled": "skip"}]}
                    ]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "backend", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(backendPort);
    }

    @BeforeEach
    void startBackend() throws Exception {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        backend.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/slow")) {
                    slowArrived.countDown();
                    if (!slowRelease.await(30, TimeUnit.SECONDS)) {
                        exchange.sendResponseHeaders(500, -1);
                        return;
                    }
                }
                String stamp = exchange.getRequestHeaders().getFirst("x-stamp");
                exchange.getResponseHeaders().set("x-seen-stamp", stamp == null ? "none" : stamp);
                byte[] body = "from backend\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        backend.setExecutor(backendThreads);
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        slowRelease.countDown();
        backend.stop(0);
        backendThreads.shutdownNow();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path) throws Exception {
        return HTTP.send(request(port, path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    /** Starts a request that the backend holds until {@link #slowRelease}, and waits until it is there. */
    private CompletableFuture<HttpResponse<String>> slowRequest(int port) throws InterruptedException {
        slowArrived = new CountDownLatch(1);
        slowRelease = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(request(port, "/slow").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(slowArrived.await(30, TimeUnit.SECONDS), "the slow request did not reach the backend");
        return response;
    }

    private static void assertStamped(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("v1", response.headers().firstValue("x-stamp").orElse("none"), "response stamp");
        assertEquals("v1", response.headers().firstValue("x-seen-stamp").orElse("none"), "request stamp at the backend");
    }

    private static void assertRejected(HttpResponse<String> response, String reason) {
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("stamp", response.headers().firstValue("x-mosn4j-filter-unavailable").orElse(""));
        assertEquals("stream filter \"stamp\" is unavailable: " + reason + "\n", response.body());
    }

    private static JsonNode plugin(int adminPort, String id) throws Exception {
        HttpResponse<String> response = get(adminPort, "/api/v1/plugin?id=" + id);
        return response.statusCode() == 404 ? null : JSON.readTree(response.body());
    }

    @Test
    void aStreamFilterPluginIsDisabledEnabledUnloadedAndLoadedAgainUnderTraffic() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        Path plugins = dist.resolve("plugins");
        TestPluginJar.plugin("stamp").version("1.0.0").extension(StampFilterFactory.class).writeTo(plugins, "stamp.jar");
        try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("plugins.json",
                config(backend.getAddress().getPort())).toString())) {
            int guarded = mosn.listenerPort("guarded");
            int lenient = mosn.listenerPort("lenient");
            int admin = mosn.adminPort();
            mosn.awaitStarted();

            JsonNode listing = JSON.readTree(get(admin, "/api/v1/plugin").body());
            JsonNode stamp = plugin(admin, "stamp");
            assertEquals("enabled", stamp.get("state").asText());
            assertEquals("1.0.0", stamp.get("version").asText());
            assertEquals("[\"stamp\"]", stamp.get("extensions").get("stream_filter").toString());
            assertEquals(plugins.resolve("stamp.jar").toRealPath().toString(), Path.of(stamp.get("jar").asText()).toRealPath().toString());
            assertTrue(listing.toString().contains("\"protocol\":[\"Http1\"]"), listing.toString());
            assertStamped(get(guarded, "/"));

            // disabled: a stream that already has the filter keeps it; new ones get 503 or no filter
            CompletableFuture<HttpResponse<String>> inFlight = slowRequest(guarded);
            assertEquals(2, plugin(admin, "stamp").get("live_filters").asLong());
            HttpResponse<String> disabled = post(admin, "/api/v1/plugin/disable?id=stamp");
            assertEquals(200, disabled.statusCode(), disabled.body());
            assertEquals("disabled", JSON.readTree(disabled.body()).get("state").asText());
            assertRejected(get(guarded, "/"), "plugin stamp is disabled");
            HttpResponse<String> skipped = get(lenient, "/");
            assertEquals(200, skipped.statusCode());
            assertEquals("none", skipped.headers().firstValue("x-seen-stamp").orElseThrow());
            assertTrue(skipped.headers().firstValue("x-stamp").isEmpty());
            slowRelease.countDown();
            assertStamped(inFlight.get(30, TimeUnit.SECONDS));

            assertEquals(200, post(admin, "/api/v1/plugin/enable?id=stamp").statusCode());
            assertStamped(get(guarded, "/"));
            assertStamped(get(lenient, "/"));

            // unloaded once the last stream holding its filters ends
            inFlight = slowRequest(guarded);
            HttpResponse<String> unloading = post(admin, "/api/v1/plugin/unload?id=stamp");
            assertEquals(202, unloading.statusCode(), unloading.body());
            assertEquals("unloading", JSON.readTree(unloading.body()).get("state").asText());
            assertEquals("unloading", plugin(admin, "stamp").get("state").asText());
            assertRejected(get(guarded, "/"), "plugin stamp is being unloaded");
            slowRelease.countDown();
            assertStamped(inFlight.get(30, TimeUnit.SECONDS));
            mosn.awaitLine(l -> l.contains("plugin admin: unloaded stamp@1.0.0 (stamp.jar)"), Duration.ofSeconds(30));
            assertEquals(null, plugin(admin, "stamp"));
            assertRejected(get(guarded, "/"), "plugin stamp was unloaded");

            // a new version dropped into plugins/ takes over the configured filters
            TestPluginJar.plugin("stamp").version("2.0.0").extension(StampFilterFactory.class).writeTo(plugins, "stamp-2.jar");
            HttpResponse<String> loaded = post(admin, "/api/v1/plugin/load?path=stamp-2.jar");
            assertEquals(200, loaded.statusCode(), loaded.body());
            assertEquals("2.0.0", JSON.readTree(loaded.body()).get("version").asText());
            assertStamped(get(guarded, "/"));
            assertStamped(get(lenient, "/"));

            // refusals: a broken jar, a path outside plugins/, a protocol plugin; traffic goes on
            TestPluginJar.plugin("broken").extension(StampFilterFactory.class).withoutIndex().writeTo(plugins, "broken.jar");
            HttpResponse<String> broken = post(admin, "/api/v1/plugin/load?path=broken.jar");
            assertEquals(400, broken.statusCode(), broken.body());
            String brokenMessage = JSON.readTree(broken.body()).get("error").asText();
            assertTrue(brokenMessage.startsWith("broken.jar (plugin broken): no META-INF/extensions.idx in the jar"), brokenMessage);
            mosn.awaitLine(l -> l.contains("plugin admin: broken.jar (plugin broken): no META-INF/extensions.idx"),
                    Duration.ofSeconds(10));
            HttpResponse<String> escaping = post(admin, "/api/v1/plugin/load?path=../conf/plugins.json");
            assertEquals(400, escaping.statusCode(), escaping.body());
            HttpResponse<String> protocol = post(admin, "/api/v1/plugin/unload?id=http1");
            assertEquals(409, protocol.statusCode(), protocol.body());
            assertTrue(protocol.body().contains("cannot unload plugin http1: it provides protocol Http1"), protocol.body());
            assertStamped(get(guarded, "/"));
            assertEquals(null, plugin(admin, "broken"));

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(40)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
        }
    }

    @Test
    void aBrokenJarInPluginsStopsStartupNamingIt() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        TestPluginJar.plugin("broken").extension(StampFilterFactory.class).withoutIndex()
                .writeTo(dist.resolve("plugins"), "broken.jar");
        try (Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("plugins.json",
                config(backend.getAddress().getPort())).toString())) {
            assertEquals(2, mosn.awaitExit(Duration.ofSeconds(60)));
            String output = mosn.output();
            assertTrue(output.contains("mosn4j: plugin error: broken.jar (plugin broken): no META-INF/extensions.idx in the jar"),
                    output);
            assertFalse(output.contains("listening on"), output);
        }
    }
}
