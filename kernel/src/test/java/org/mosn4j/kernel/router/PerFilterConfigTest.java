package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.router.RouterTesting.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;

class PerFilterConfigTest {

    /** What the "limit" filter's factory makes of a per-route config. */
    record Limit(int max, String path) {
    }

    /** Parses {@code {"max": N}} and rejects a negative N. */
    static final class LimitFilterFactory implements StreamFilterFactory {
        @Override
        public String type() {
            return "limit";
        }

        @Override
        public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) {
            throw new UnsupportedOperationException("not used by routing");
        }

        @Override
        public Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
            int max = config.path("max").asInt();
            if (max < 0) {
                throw new ConfigException(path + ".max", "expected 0 or more, got " + max);
            }
            return new Limit(max, path);
        }
    }

    private static final Function<String, StreamFilterFactory> FILTERS =
            type -> type.equals("limit") ? new LimitFilterFactory() : null;

    private static final String CONFIG = """
            {"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
              "per_filter_config": {"limit": {"max": 10}, "tag": {"team": "web"}},
              "routers": [
                {"match": {"prefix": "/own"}, "route": {"cluster_name": "c"},
                 "per_filter_config": {"limit": {"max": 1}, "audit": {"on": true}}},
                {"match": {"prefix": "/"}, "route": {"cluster_name": "c"}}]}]}
            """;

    @Test
    void routeEntryWinsOverVirtualHostEntry() throws Exception {
        RouteEntry route = RouterTesting.table(CONFIG, FILTERS).match(request("h", "/own"), null);
        assertEquals(new Limit(1, "servers[0].routers[0].virtual_hosts[0].routers[0].per_filter_config.limit"),
                route.perFilterConfig("limit"));
        assertEquals("web", ((JsonNode) route.perFilterConfig("tag")).path("team").asText());
        assertTrue(((JsonNode) route.perFilterConfig("audit")).path("on").asBoolean());
        assertNull(route.perFilterConfig("other"));
    }

    @Test
    void routeWithoutEntriesSeesTheVirtualHosts() throws Exception {
        RouteEntry route = RouterTesting.table(CONFIG, FILTERS).match(request("h", "/else"), null);
        assertEquals(new Limit(10, "servers[0].routers[0].virtual_hosts[0].per_filter_config.limit"),
                route.perFilterConfig("limit"));
        assertNull(route.perFilterConfig("audit"));
    }

    @Test
    void typesWithoutAFactoryKeepTheJsonAsWritten() throws Exception {
        RouteEntry route = RouterTesting.table(CONFIG).match(request("h", "/own"), null);
        assertEquals(1, ((JsonNode) route.perFilterConfig("limit")).path("max").asInt());
    }

    @Test
    void parseErrorsAreReportedWithTheirPath() throws Exception {
        List<ConfigException> problems = RouterTesting.problems(FILTERS, """
                {"router_config_name": "r", "virtual_hosts": [{"domains": ["*"],
                  "per_filter_config": {"limit": {"max": -1}},
                  "routers": [{"route": {"cluster_name": "c"}, "per_filter_config": {"limit": {"max": -2}}}]}]}
                """);
        assertEquals(List.of("servers[0].routers[0].virtual_hosts[0].per_filter_config.limit.max",
                        "servers[0].routers[0].virtual_hosts[0].routers[0].per_filter_config.limit.max"),
                problems.stream().map(ConfigException::path).toList());
        assertEquals("expected 0 or more, got -2", problems.get(1).problem());
    }

    @Test
    void registryWithoutTheFilterKeepsTheJson(@TempDir Path emptyPlugins) throws Exception {
        PluginHost host = PluginHost.load(emptyPlugins);
        try {
            ConfigProblems problems = new ConfigProblems();
            RouterTables tables = RouterTables.build(List.of(new NamedRouterConfig(RouterTesting.bind(CONFIG), "x")),
                    host.registry(), problems);
            assertEquals(List.of(), problems.all());
            RouteEntry route = tables.get("r").match(request("h", "/own"), null);
            assertEquals(1, ((JsonNode) route.perFilterConfig("limit")).path("max").asInt());
        } finally {
            host.stop();
        }
    }
}
