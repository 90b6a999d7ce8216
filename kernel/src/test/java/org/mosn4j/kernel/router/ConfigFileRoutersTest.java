package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mosn4j.kernel.router.RouterTesting.clusterFor;
import static org.mosn4j.kernel.router.RouterTesting.request;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.FilterChainConfig;
import org.mosn4j.kernel.config.FilterConfig;
import org.mosn4j.kernel.config.ListenerConfig;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.kernel.config.RouterConfig;
import org.mosn4j.spi.config.ConfigBinder;

/** The router configs of the test configs and of MOSN's samples build, and route as their comments intend. */
class ConfigFileRoutersTest {

    private static final Path REFERENCE_DIR = Path.of("../../shared/reference");

    static Stream<Path> configFiles() throws Exception {
        URL resources = ConfigFileRoutersTest.class.getResource("/configs/");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(Path.of(resources.toURI()))) {
            listed.forEach(files::add);
        }
        if (Files.isDirectory(REFERENCE_DIR)) {
            try (Stream<Path> listed = Files.list(REFERENCE_DIR)) {
                listed.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
            }
        }
        return files.stream().sorted();
    }

    /** Collects servers[0].routers and the router configs of connection_manager filters, as the proxy does. */
    private static RouterTables tables(Path file) throws Exception {
        MosnConfig config = ConfigLoader.load(file).config();
        List<NamedRouterConfig> named = new ArrayList<>();
        for (int i = 0; i < config.server().routers().size(); i++) {
            named.add(new NamedRouterConfig(config.server().routers().get(i), "servers[0].routers[" + i + "]"));
        }
        List<ListenerConfig> listeners = config.server().listeners();
        for (int l = 0; l < listeners.size(); l++) {
            List<FilterChainConfig> chains = listeners.get(l).filterChains();
            for (int c = 0; c < chains.size(); c++) {
                List<FilterConfig> filters = chains.get(c).filters();
                for (int f = 0; f < filters.size(); f++) {
                    if (filters.get(f).type().equals("connection_manager")) {
                        String path = "servers[0].listeners[" + l + "].filter_chains[" + c + "].filters[" + f + "].config";
                        named.add(new NamedRouterConfig(ConfigBinder.INSTANCE.bind(filters.get(f).config(),
                                RouterConfig.class, path), path));
                    }
                }
            }
        }
        ConfigProblems problems = new ConfigProblems();
        RouterTables tables = RouterTables.build(named, type -> null, problems);
        assertEquals(List.of(), problems.all());
        return tables;
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ConfigFileRoutersTest.class.getResource("/configs/" + name).toURI());
    }

    @ParameterizedTest
    @MethodSource("configFiles")
    void routersBuildWithoutProblems(Path file) throws Exception {
        tables(file);
    }

    @Test
    void httpRoutersRouteByPrefixHeaderAndDomain() throws Exception {
        RouterTables tables = tables(resource("http-routers.json"));
        assertEquals(List.of("ingress_routes", "egress_routes", "welcome"), List.copyOf(tables.names()));
        RouterTable ingress = tables.get("ingress_routes");
        assertEquals("apiBackend", clusterFor(ingress, request("any.host", "/api/users")));
        assertEquals("webBackend", clusterFor(ingress, request("any.host", "/index.html")));

        RouterTable egress = tables.get("egress_routes");
        assertEquals("apiBackend", clusterFor(egress, request("x.egress.local", "/v1/a", "x-tenant", "blue")));
        assertEquals("webBackend", clusterFor(egress, request("egress.local:80", "/v1/a")));
        assertNull(clusterFor(egress, request("egress.local", "/a")));
        assertNull(egress.match(request("other.host", "/v1/a"), null));

        assertEquals(new DirectResponse(200, "mosn4j is up\nhello from the edge proxy\n"),
                tables.get("welcome").match(request("h", "/"), null).directResponse());
    }

    @Test
    void dubboRoutesMatchTheServiceHeader() throws Exception {
        RouterTable table = tables(resource("dubbo-proxy.json")).get("dubbo_routes");
        assertEquals("greeterProviders", clusterFor(table, request(null, null, "service", "org.example.Greeter")));
        assertEquals("defaultProviders", clusterFor(table, request(null, null, "service", "org.example.Other")));
    }

    @Test
    void connectionManagerRoutesAreBuiltUnderTheirFilterPath() throws Exception {
        RouterTable table = tables(resource("connection-manager.json")).get("legacy_routes");
        assertEquals(new DirectResponse(404, "gone"), table.match(request("h", "/static/a.css"), null).directResponse());
        assertEquals("canary", clusterFor(table, request("h", "/x", "x-canary", "yes")));
        assertEquals("stable", clusterFor(table, request("h", "/x", "x-canary", "no")));
    }
}
