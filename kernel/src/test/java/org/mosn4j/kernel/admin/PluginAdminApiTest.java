package org.mosn4j.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.plugin.DiscardFilterFactory;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.plugin.StampFilterFactory;
import org.mosn4j.kernel.plugin.TestPluginJar;

/** The plugin paths of the admin API, over HTTP, on a kernel started with a plugins directory. */
class PluginAdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONFIG = """
            {
              "servers": [{
                "listeners": [{
                  "name": "plain",
                  "address": "127.0.0.1:0",
                  "filter_chains": [{"filters": [{"type": "connection_manager",
                      "config": {"router_config_name": "cm", "virtual_hosts": []}}]}],
                  "stream_filters": [{"type": "stamp", "config": {"value": "v1"}, "on_plugin_disabled": "skip"}]
                }]
              }],
              "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
            }
            """;

    @TempDir
    Path plugins;

    private Mosn4jServer server;

    @BeforeEach
    void start() throws Exception {
        TestPluginJar.plugin("stamp").version("1.2.3").extension(StampFilterFactory.class).writeTo(plugins, "stamp.jar");
        server = Mosn4jServer.prepare(ConfigLoader.parse(CONFIG, null), PluginHost.load(plugins));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stopNow();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.adminAddress().getPort() + pathAndQuery);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode listing) {
        List<String> ids = new ArrayList<>();
        listing.get("plugins").forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    @Test
    void listShowsEachPluginWithItsTypesStateAndJar() throws Exception {
        HttpResponse<String> response = get("/api/v1/plugin");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode listing = json(response);
        assertEquals(plugins.toAbsolutePath().normalize().toString(), listing.get("plugins_dir").asText());
        JsonNode stamp = listing.get("plugins").get(0);
        assertEquals("stamp", stamp.get("id").asText());
        assertEquals("1.2.3", stamp.get("version").asText());
        assertEquals("enabled", stamp.get("state").asText());
        assertEquals(plugins.resolve("stamp.jar").toAbsolutePath().toString(), stamp.get("jar").asText());
        assertEquals("[\"stamp\"]", stamp.get("extensions").get("stream_filter").toString());
        assertTrue(stamp.get("manageable").asBoolean());
        assertEquals(0, stamp.get("live_filters").asLong());
        assertTrue(listing.get("builtin").get("network_filter").toString().contains("\"proxy\""), listing.toString());

        assertEquals("stamp", json(get("/api/v1/plugin?id=stamp")).get("id").asText());
        HttpResponse<String> missing = get("/api/v1/plugin?id=nope");
        assertEquals(404, missing.statusCode());
        assertEquals("no plugin nope is loaded", json(missing).get("error").asText());
        assertTrue(get("/").body().contains("/api/v1/plugin/unload\n"));
    }

    @Test
    void disableAndEnableSwitchTheState() throws Exception {
        HttpResponse<String> disabled = post("/api/v1/plugin/disable?id=stamp");
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertEquals("disabled", json(disabled).get("state").asText());
        assertEquals("disabled", json(get("/api/v1/plugin?id=stamp")).get("state").asText());
        HttpResponse<String> enabled = post("/api/v1/plugin/enable?id=stamp");
        assertEquals(200, enabled.statusCode(), enabled.body());
        assertEquals("enabled", json(get("/api/v1/plugin?id=stamp")).get("state").asText());
        assertEquals(405, get("/api/v1/plugin/disable?id=stamp").statusCode());
        assertEquals(404, post("/api/v1/plugin/disable?id=nope").statusCode());
        assertEquals(400, post("/api/v1/plugin/enable").statusCode());
    }

    @Test
    void unloadAndLoadAgain() throws Exception {
        HttpResponse<String> unloaded = post("/api/v1/plugin/unload?id=stamp");
        assertEquals(200, unloaded.statusCode(), unloaded.body());
        assertEquals("unloaded", json(unloaded).get("state").asText());
        assertEquals(List.of(), ids(json(get("/api/v1/plugin"))));

        HttpResponse<String> loaded = post("/api/v1/plugin/load?path=stamp.jar");
        assertEquals(200, loaded.statusCode(), loaded.body());
        assertEquals("enabled", json(loaded).get("state").asText());
        assertEquals(List.of("stamp"), ids(json(get("/api/v1/plugin"))));
    }

    @Test
    void loadRefusesPathsOutsideThePluginsDirectoryAndBrokenJarsWhileServingOn() throws Exception {
        HttpResponse<String> escaping = post("/api/v1/plugin/load?path=..%2Fstamp.jar");
        assertEquals(400, escaping.statusCode());
        assertTrue(json(escaping).get("error").asText().startsWith("path \"../stamp.jar\" is outside the plugins directory"),
                escaping.body());

        TestPluginJar.plugin("broken").extension(StampFilterFactory.class).withoutIndex().writeTo(plugins, "broken.jar");
        HttpResponse<String> broken = post("/api/v1/plugin/load?path=broken.jar");
        assertEquals(400, broken.statusCode());
        assertTrue(json(broken).get("error").asText().startsWith("broken.jar (plugin broken): no META-INF/extensions.idx"),
                broken.body());
        assertEquals(404, post("/api/v1/plugin/load?path=absent.jar").statusCode());

        assertEquals(200, get("/api/v1/version").statusCode());
        assertEquals(List.of("stamp"), ids(json(get("/api/v1/plugin"))));
    }

    @Test
    void aNetworkFilterPluginLoadsButCannotBeDisabled() throws Exception {
        TestPluginJar.plugin("discard").extension(DiscardFilterFactory.class).writeTo(plugins, "discard.jar");
        HttpResponse<String> loaded = post("/api/v1/plugin/load?path=discard.jar");
        assertEquals(200, loaded.statusCode(), loaded.body());
        assertEquals("[\"test_discard\"]", json(loaded).get("extensions").get("network_filter").toString());
        assertEquals(false, json(loaded).get("manageable").asBoolean());
        HttpResponse<String> refused = post("/api/v1/plugin/disable?id=discard");
        assertEquals(409, refused.statusCode());
        assertTrue(json(refused).get("error").asText().startsWith("cannot disable plugin discard: it provides network filter"),
                refused.body());
    }
}
