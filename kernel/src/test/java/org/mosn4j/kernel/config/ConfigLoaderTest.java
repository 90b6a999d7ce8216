package org.mosn4j.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

class ConfigLoaderTest {

    static Stream<String> resourceConfigs() {
        return ConfigTesting.RESOURCE_CONFIGS.stream();
    }

    @Test
    void everyConfigUnderResourcesIsListed() throws Exception {
        try (Stream<Path> files = Files.list(ConfigTesting.resource(""))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(ConfigTesting.RESOURCE_CONFIGS, names);
        }
    }

    @ParameterizedTest
    @MethodSource("resourceConfigs")
    void resourceConfigLoadsFromFile(String name) throws Exception {
        Path file = ConfigTesting.resource(name);
        LoadedConfig loaded = ConfigLoader.load(file);
        assertEquals(file, loaded.source());
        assertTrue(loaded.raw().isObject());
        assertEquals(1, loaded.config().servers().size());
        assertFalse(loaded.config().server().listeners().isEmpty());
        assertFalse(loaded.config().clusterManager().clusters().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("resourceConfigs")
    void resourceConfigParsesFromTextTheSameAsFromFile(String name) throws Exception {
        Path file = ConfigTesting.resource(name);
        LoadedConfig fromText = ConfigLoader.parse(Files.readString(file), null);
        assertNull(fromText.source());
        assertEquals(ConfigLoader.load(file).config(), fromText.config());
        assertEquals(ConfigLoader.load(file).raw(), fromText.raw());
    }

    @Test
    void multipleRoutersBind() throws Exception {
        ServerConfig server = ConfigTesting.loadResource("http-routers.json").config().server();
        assertEquals(List.of("ingress_routes", "egress_routes", "welcome"),
                server.routers().stream().map(RouterConfig::routerConfigName).toList());

        VirtualHostConfig ingress = server.routers().get(0).virtualHosts().get(0);
        assertEquals("ingressHost", ingress.name());
        assertEquals(List.of("*"), ingress.domains());
        assertEquals("/api/", ingress.routers().get(0).match().prefix());
        assertEquals("apiBackend", ingress.routers().get(0).route().clusterName());
        assertEquals("webBackend", ingress.routers().get(1).route().clusterName());

        VirtualHostConfig egress = server.routers().get(1).virtualHosts().get(0);
        assertEquals(List.of("egress.local", "*.egress.local"), egress.domains());
        assertEquals(List.of(new HeaderMatcherConfig("x-tenant", "blue", null, null)),
                egress.routers().get(0).match().headers());
        assertEquals("^/v[0-9]+/.*", egress.routers().get(1).match().regex());
    }

    @Test
    void directResponseBinds() throws Exception {
        RouterConfig welcome = ConfigTesting.loadResource("http-routers.json").config().server().routers().get(2);
        RouteConfig route = welcome.virtualHosts().get(0).routers().get(0);
        assertEquals(new DirectResponseConfig(200, "mosn4j is up\nhello from the edge proxy\n"), route.directResponse());
        assertNull(route.route());
        assertEquals("/", route.match().prefix());
    }

    @Test
    void proxyListenersBind() throws Exception {
        List<ListenerConfig> listeners = ConfigTesting.loadResource("http-routers.json").config().server().listeners();
        assertEquals(List.of("welcomeListener", "ingressListener", "egressListener"),
                listeners.stream().map(ListenerConfig::name).toList());
        ListenerConfig egress = listeners.get(2);
        assertEquals("127.0.0.1:12045", egress.address());
        assertTrue(egress.bindsPort());
        FilterConfig proxy = egress.filterChains().get(0).filters().get(0);
        assertEquals("proxy", proxy.type());
        assertEquals("Http1", proxy.config().get("downstream_protocol").asText());
        assertEquals("Http1", proxy.config().get("upstream_protocol").asText());
        assertEquals("egress_routes", proxy.config().get("router_config_name").asText());
        assertEquals("Auto", listeners.get(1).filterChains().get(0).filters().get(0).config()
                .get("downstream_protocol").asText());
    }

    @Test
    void serverSettingsBind() throws Exception {
        MosnConfig config = ConfigTesting.loadResource("http-routers.json").config();
        ServerConfig server = config.server();
        assertEquals("edge", server.mosnServerName());
        assertEquals("stdout", server.defaultLogPath());
        assertEquals(Duration.ofSeconds(45), server.effectiveGracefulTimeout());
        assertEquals(2, server.processor());
        assertEquals(true, config.disableUpgrade());
    }

    @Test
    void clusterLimitsBind() throws Exception {
        List<ClusterConfig> clusters = ConfigTesting.loadResource("http-routers.json").config().clusterManager().clusters();
        ClusterConfig api = clusters.get(0);
        assertEquals("apiBackend", api.name());
        assertEquals("SIMPLE", api.type());
        assertEquals("LB_RANDOM", api.lbType());
        assertEquals(512, api.maxRequestPerConn());
        assertEquals(65536, api.connBufferLimitBytes());
        assertEquals(65536, api.bufferLimitBytes());
        assertEquals(List.of("127.0.0.1:18080", "127.0.0.1:18081"), api.hosts().stream().map(HostConfig::address).toList());
        assertEquals(ClusterConfig.DEFAULT_CONNECT_TIMEOUT, api.effectiveConnectTimeout());
        assertEquals(1024, clusters.get(1).maxRequestPerConn());
        assertEquals("LB_ROUNDROBIN", clusters.get(1).lbType());
    }

    @Test
    void adminSocketAddressBinds() throws Exception {
        AdminConfig admin = ConfigTesting.loadResource("http-routers.json").config().admin();
        assertEquals(new AdminConfig.SocketAddress("127.0.0.1", 34911), admin.address().socketAddress());
        assertEquals(34911, ServerConfigChecker.adminAddress(admin).getPort());
        assertEquals("127.0.0.1", ServerConfigChecker.adminAddress(admin).getAddress().getHostAddress());
    }

    @Test
    void capitalisedClusterNameKeyBinds() throws Exception {
        List<ClusterConfig> clusters = ConfigTesting.loadResource("dubbo-proxy.json").config().clusterManager().clusters();
        assertEquals(List.of("greeterProviders", "defaultProviders"), clusters.stream().map(ClusterConfig::name).toList());
        assertEquals(256, clusters.get(0).maxRequestPerConn());
        assertEquals(16384, clusters.get(0).connBufferLimitBytes());
    }

    @Test
    void dubboListenerShapesBind() throws Exception {
        MosnConfig config = ConfigTesting.loadResource("dubbo-proxy.json").config();
        assertEquals("DEBUG", config.server().defaultLogLevel());
        assertEquals(true, config.disableUpgrade());
        assertNull(config.admin());
        ListenerConfig listener = config.server().listeners().get(0);
        assertEquals("stdout", listener.logPath());
        assertEquals("0.0.0.0:20881", listener.address());
        FilterChainConfig chain = listener.filterChains().get(0);
        assertNotNull(chain.tlsContext());
        assertNull(chain.tlsContext().status());
        assertFalse(chain.tlsContext().enabled());
        assertEquals("dubbo", chain.filters().get(0).config().get("downstream_protocol").asText());
    }

    @Test
    void headerMatchersBind() throws Exception {
        RouterConfig router = ConfigTesting.loadResource("dubbo-proxy.json").config().server().routers().get(0);
        List<RouteConfig> routes = router.virtualHosts().get(0).routers();
        assertEquals(List.of(new HeaderMatcherConfig("service", "org\\.example\\.Greeter", true, null)),
                routes.get(0).match().headers());
        assertEquals(List.of(new HeaderMatcherConfig("service", ".*", null, null)), routes.get(1).match().headers());
        assertNull(routes.get(1).match().prefix());
        assertEquals("defaultProviders", routes.get(1).route().clusterName());
    }

    @Test
    void tracingIsKeptAsWritten() throws Exception {
        MosnConfig config = ConfigTesting.loadResource("dubbo-proxy.json").config();
        assertTrue(config.tracing().get("enable").asBoolean());
        assertEquals("SOFATracer", config.tracing().get("driver").asText());
    }

    @Test
    void connectionManagerFilterBindsNextToProxy() throws Exception {
        ListenerConfig listener = ConfigTesting.loadResource("connection-manager.json").config().server().listeners().get(0);
        List<FilterConfig> filters = listener.filterChains().get(0).filters();
        assertEquals(List.of("connection_manager", "proxy"), filters.stream().map(FilterConfig::type).toList());
        RouterConfig routes = ConfigBinder.INSTANCE.bind(filters.get(0).config(),
                RouterConfig.class, "x");
        assertEquals("legacy_routes", routes.routerConfigName());
        assertEquals(3, routes.virtualHosts().get(0).routers().size());
        assertEquals(new DirectResponseConfig(404, "gone"), routes.virtualHosts().get(0).routers().get(0).directResponse());
        assertEquals("legacy_routes", filters.get(1).config().get("router_config_name").asText());
    }

    @Test
    void tcpOnlyConfigBindsItsListenersAndClusters() throws Exception {
        MosnConfig config = ConfigTesting.loadResource("tcp-only.json").config();
        ServerConfig server = config.server();
        assertEquals(Duration.ofSeconds(90), server.effectiveGracefulTimeout());
        ListenerConfig routesOnly = server.listeners().get(0);
        assertEquals("tcp", routesOnly.network());
        assertEquals(Duration.ofSeconds(90), routesOnly.connectionIdleTimeout());
        ListenerConfig unbound = server.listeners().get(1);
        assertFalse(unbound.bindsPort());
        assertEquals(List.of(), unbound.filterChains());
        ClusterConfig weighted = config.clusterManager().clusters().get(0);
        assertEquals(Duration.ofSeconds(2), weighted.effectiveConnectTimeout());
        assertEquals(8192, weighted.bufferLimitBytes());
        assertEquals(List.of(3, 1), weighted.hosts().stream().map(HostConfig::weight).toList());
        assertEquals("backup", weighted.hosts().get(1).hostname());
        assertEquals("a", weighted.hosts().get(0).metadata().at("/filter_metadata/mosn.lb/zone").asText());
    }

    @Test
    void unknownKeysStayInTheRawTree() throws Exception {
        LoadedConfig loaded = ConfigLoader.parse("""
                {"servers": [{"listeners": [], "future_option": {"on": true}}], "brand_new_section": [1, 2]}
                """, null);
        assertEquals(2, loaded.raw().get("brand_new_section").size());
        assertTrue(loaded.raw().at("/servers/0/future_option/on").asBoolean());
        assertEquals(List.of(), loaded.config().server().listeners());
    }

    @Test
    void emptyObjectGivesDefaults() throws Exception {
        MosnConfig config = ConfigLoader.parse("{}", null).config();
        assertEquals(List.of(), config.servers());
        assertEquals(List.of(), config.server().listeners());
        assertEquals(ServerConfig.DEFAULT_GRACEFUL_TIMEOUT, config.server().effectiveGracefulTimeout());
        assertEquals(List.of(), config.clusterManager().clusters());
        assertNull(config.admin());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("absent.json");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));
        ConfigException problem = e.problems().get(0);
        assertEquals(1, e.problems().size());
        assertEquals("", problem.path());
        assertEquals("config file " + file.toAbsolutePath() + " does not exist", problem.getMessage());
    }

    @Test
    void nonObjectDocumentIsRejected() {
        List<ConfigException> problems = ConfigTesting.parseProblems("[{\"servers\": []}]");
        assertEquals(1, problems.size());
        assertEquals("", problems.get(0).path());
        assertEquals("expected the config to be a JSON object, got ARRAY", problems.get(0).getMessage());
    }
}
