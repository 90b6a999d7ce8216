package org.mosn4j.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.spi.config.ConfigException;

/** Each config error a user can make, reported with the JSON path of the offending value and what to do. */
class ConfigErrorsTest {

    @TempDir
    Path plugins;

    /** @return the one problem prepare reports for {@code json} */
    private ConfigException onlyPrepareProblem(String json) throws Exception {
        List<ConfigException> problems = ConfigTesting.prepareProblems(json, plugins);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    /** @return the one problem parsing (binding) reports for {@code json} */
    private static ConfigException onlyParseProblem(String json) {
        List<ConfigException> problems = ConfigTesting.parseProblems(json);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    private static String listener(String address) {
        return """
                {"servers": [{"listeners": [{"name": "l", "address": "%s",
                  "filter_chains": [{"filters": [{"type": "connection_manager", "config": {"router_config_name": "r"}}]}]}]}]}
                """.formatted(address);
    }

    private static String cluster(String fields) {
        return """
                {"cluster_manager": {"clusters": [{"name": "c", "hosts": [{"address": "127.0.0.1:8080"}], %s}]}}
                """.formatted(fields);
    }

    @Test
    void invalidJsonNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, """
                {
                  "servers": [
                    {"default_log_path": "stdout",}
                  ]
                }
                """);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(1, e.problems().size());
        ConfigException problem = e.problems().get(0);
        assertEquals("", problem.path());
        assertTrue(problem.getMessage().startsWith(file + " is not valid JSON at line 3, column 35: "),
                problem.getMessage());
    }

    @Test
    void invalidJsonWithoutFileSaysConfig() {
        ConfigException problem = onlyParseProblem("{\"servers\": [\n}");
        assertEquals("", problem.path());
        assertTrue(problem.getMessage().startsWith("config is not valid JSON at line 2, column 1: "),
                problem.getMessage());
    }

    @Test
    void listenerAddressThatIsNotIpPort() throws Exception {
        ConfigException problem = onlyPrepareProblem(listener("nonsense"));
        assertEquals("servers[0].listeners[0].address", problem.path());
        assertEquals("expected an address \"ip:port\" such as \"127.0.0.1:2045\", got \"nonsense\"", problem.problem());
    }

    @Test
    void listenerPortOutOfRange() throws Exception {
        ConfigException problem = onlyPrepareProblem(listener("127.0.0.1:70000"));
        assertEquals("servers[0].listeners[0].address", problem.path());
        assertEquals("port \"70000\" in \"127.0.0.1:70000\" is not a number from 0 to 65535", problem.problem());
    }

    @Test
    void negativeMaxConnections() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0", "max_connections": -1,
                  "filter_chains": [{"filters": [{"type": "connection_manager", "config": {"router_config_name": "r"}}]}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].max_connections", problem.path());
        assertEquals("expected 0 (no limit) or a positive number of connections, got -1", problem.problem());
    }

    @Test
    void listenerAddressMissing() throws Exception {
        ConfigException problem = onlyPrepareProblem("{\"servers\": [{\"listeners\": [{\"name\": \"l\"}]}]}");
        assertEquals("servers[0].listeners[0].address", problem.path());
        assertEquals("expected an address \"ip:port\", got nothing", problem.problem());
    }

    @Test
    void hostAddressThatIsAHostName() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"cluster_manager": {"clusters": [{"name": "c", "hosts": [
                  {"address": "127.0.0.1:8080"}, {"address": "backend.example.com:8080"}]}]}}
                """);
        assertEquals("cluster_manager.clusters[0].hosts[1].address", problem.path());
        assertEquals("\"backend.example.com\" in \"backend.example.com:8080\" is not an IP address (expected a literal "
                + "IPv4 address or [IPv6] address; host names are not resolved)", problem.problem());
    }

    @Test
    void hostWithoutPort() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"cluster_manager": {"clusters": [{"name": "c", "hosts": [{"address": "127.0.0.1:0"}]}]}}
                """);
        assertEquals("cluster_manager.clusters[0].hosts[0].address", problem.path());
        assertEquals("a host needs a port from 1 to 65535, got \"127.0.0.1:0\"", problem.problem());
    }

    @Test
    void hostWeightOutOfRange() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"cluster_manager": {"clusters": [{"name": "c", "lb_type": "LB_WEIGHTED_ROUNDROBIN",
                  "hosts": [{"address": "127.0.0.1:8080", "weight": 500}]}]}}
                """);
        assertEquals("cluster_manager.clusters[0].hosts[0].weight", problem.path());
        assertEquals("expected a weight from 1 to 128, got 500", problem.problem());
    }

    @Test
    void duplicateClusterNames() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"cluster_manager": {"clusters": [
                  {"name": "a", "hosts": [{"address": "127.0.0.1:1"}]},
                  {"name": "b", "hosts": [{"address": "127.0.0.1:2"}]},
                  {"Name": "a", "hosts": [{"address": "127.0.0.1:3"}]}]}}
                """);
        assertEquals("cluster_manager.clusters[2].name", problem.path());
        assertEquals("cluster \"a\" is defined twice", problem.problem());
    }

    @Test
    void clusterWithoutName() throws Exception {
        ConfigException problem = onlyPrepareProblem("{\"cluster_manager\": {\"clusters\": [{\"type\": \"SIMPLE\"}]}}");
        assertEquals("cluster_manager.clusters[0].name", problem.path());
        assertEquals("expected a cluster name, got nothing", problem.problem());
    }

    @Test
    void duplicateListenerNames() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [
                  {"name": "edge", "address": "127.0.0.1:0"},
                  {"name": "edge", "address": "127.0.0.1:0"}]}]}
                """);
        assertEquals("servers[0].listeners[1].name", problem.path());
        assertEquals("listener \"edge\" is defined twice", problem.problem());
    }

    @Test
    void unknownLbType() throws Exception {
        ConfigException problem = onlyPrepareProblem(cluster("\"lb_type\": \"LB_FASTEST\""));
        assertEquals("cluster_manager.clusters[0].lb_type", problem.path());
        assertEquals("lb_type \"LB_FASTEST\" is not supported (supported: LB_RANDOM, LB_ROUNDROBIN, "
                + "LB_WEIGHTED_ROUNDROBIN, LB_LEAST_REQUEST, LB_LEAST_CONNECTION, LB_PEAK_EWMA, LB_MAGLEV, "
                + "LB_RING_HASH, LB_REQUEST_ROUNDROBIN)", problem.problem());
    }

    @Test
    void unsupportedClusterType() throws Exception {
        ConfigException problem = onlyPrepareProblem(cluster("\"type\": \"EDS\""));
        assertEquals("cluster_manager.clusters[0].type", problem.path());
        assertEquals("cluster type \"EDS\" is not supported (supported: SIMPLE, STATIC)", problem.problem());
    }

    @Test
    void unknownNetworkFilterTypeListsInstalledTypesAndPluginsDir() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0",
                  "filter_chains": [{"filters": [{"type": "rate_limit", "config": {}}]}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].filter_chains[0].filters[0].type", problem.path());
        assertEquals("no plugin provides network filter type \"rate_limit\" (installed: connection_manager, proxy); "
                + "put its plugin jar in " + plugins.toAbsolutePath().normalize(), problem.problem());
    }

    @Test
    void networkFilterWithoutType() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0",
                  "filter_chains": [{"filters": [{"config": {}}]}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].filter_chains[0].filters[0].type", problem.path());
        assertEquals("expected a filter type string, got nothing", problem.problem());
    }

    @Test
    void unknownStreamFilterType() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0",
                  "stream_filters": [{"type": "fault", "config": {"delay_percent": 100}}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].stream_filters[0].type", problem.path());
        assertEquals("no plugin provides stream filter type \"fault\" (installed: none); put its plugin jar in "
                + plugins.toAbsolutePath().normalize(), problem.problem());
    }

    @Test
    void proxyWithoutDownstreamProtocol() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0",
                  "filter_chains": [{"filters": [{"type": "proxy", "config": {"router_config_name": "r"}}]}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].filter_chains[0].filters[0].config.downstream_protocol", problem.path());
        assertEquals("expected a protocol name such as \"Http1\" or \"Auto\", got nothing", problem.problem());
    }

    @Test
    void proxyConfigOfWrongTypeNamesPathInsideFilter() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0",
                  "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                    "concurrency_num": "many"}}]}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].filter_chains[0].filters[0].config.concurrency_num", problem.path());
        assertEquals("expected an integer, got string \"many\"", problem.problem());
    }

    @Test
    void processorGivenAsString() {
        ConfigException problem = onlyParseProblem("{\"servers\": [{\"processor\": \"4\"}]}");
        assertEquals("servers[0].processor", problem.path());
        assertEquals("expected an integer, got string \"4\"", problem.problem());
    }

    @Test
    void negativeProcessor() throws Exception {
        ConfigException problem = onlyPrepareProblem("{\"servers\": [{\"processor\": -2}]}");
        assertEquals("servers[0].processor", problem.path());
        assertEquals("expected a worker count of 0 (one per core) or more, got -2", problem.problem());
    }

    @Test
    void gracefulTimeoutWithUnknownUnit() {
        ConfigException problem = onlyParseProblem("{\"servers\": [{\"graceful_timeout\": \"10x\"}]}");
        assertEquals("servers[0].graceful_timeout", problem.path());
        assertEquals("unknown unit \"x\" in duration \"10x\" (use ns, us, ms, s, m or h)", problem.problem());
    }

    @Test
    void negativeGracefulTimeout() throws Exception {
        ConfigException problem = onlyPrepareProblem("{\"servers\": [{\"graceful_timeout\": \"-5s\"}]}");
        assertEquals("servers[0].graceful_timeout", problem.path());
        assertEquals("expected a duration of 0s or more", problem.problem());
    }

    @Test
    void badDefaultLogLevel() throws Exception {
        ConfigException problem = onlyPrepareProblem("{\"servers\": [{\"default_log_level\": \"VERBOSE\"}]}");
        assertEquals("servers[0].default_log_level", problem.path());
        assertEquals("expected one of FATAL, ERROR, WARN, INFO, DEBUG, TRACE, got \"VERBOSE\"", problem.problem());
    }

    @Test
    void adminPortOutOfRange() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 65536}}}}
                """);
        assertEquals("admin.address.socket_address.port_value", problem.path());
        assertEquals("expected a port from 0 to 65535, got 65536", problem.problem());
    }

    @Test
    void adminWithoutSocketAddress() throws Exception {
        ConfigException problem = onlyPrepareProblem("{\"admin\": {\"address\": {}}}");
        assertEquals("admin.address.socket_address", problem.path());
        assertEquals("expected {\"address\": \"127.0.0.1\", \"port_value\": 34901}, got nothing", problem.problem());
    }

    @Test
    void adminAddressThatIsAHostName() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"admin": {"address": {"socket_address": {"address": "admin.internal", "port_value": 34901}}}}
                """);
        assertEquals("admin.address.socket_address.address", problem.path());
        assertTrue(problem.problem().startsWith("\"admin.internal\" in \"admin.internal:34901\" is not an IP address"),
                problem.problem());
    }

    @Test
    void enabledTlsContextWithoutACertificate() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0",
                  "filter_chains": [{"tls_context": {"status": true},
                    "filters": [{"type": "connection_manager", "config": {"router_config_name": "r"}}]}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].filter_chains[0].tls_context.cert_chain", problem.path());
        assertEquals("a listener's TLS needs cert_chain and private_key (inline PEM or file paths)", problem.problem());
    }

    @Test
    void tlsStatusOfWrongTypeIsABindingError() {
        ConfigException problem = onlyParseProblem("""
                {"servers": [{"listeners": [{"filter_chains": [{"tls_context": {"status": "on"}}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].filter_chains[0].tls_context.status", problem.path());
        assertEquals("expected true or false, got string \"on\"", problem.problem());
    }

    @Test
    void twoServers() throws Exception {
        ConfigException problem = onlyPrepareProblem("{\"servers\": [{}, {}]}");
        assertEquals("servers", problem.path());
        assertEquals("expected at most one server (as MOSN), got 2", problem.problem());
    }

    @Test
    void routerRegexThatDoesNotCompile() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"routers": [
                  {"router_config_name": "ok", "virtual_hosts": [{"routers": [{"match": {"regex": "^/a.*$"}, "direct_response": {"status": 200}}]}]},
                  {"router_config_name": "bad", "virtual_hosts": [{"name": "v0"}, {"name": "v1", "routers": [
                    {"match": {"prefix": "/"}, "direct_response": {"status": 200}}, {"match": {"regex": "/(users"}, "direct_response": {"status": 200}}]}]}]}]}
                """);
        assertEquals("servers[0].routers[1].virtual_hosts[1].routers[1].match.regex", problem.path());
        assertEquals("invalid regular expression: Unclosed group near index 7", problem.problem());
    }

    @Test
    void variableRegexThatDoesNotCompile() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"routers": [{"router_config_name": "r", "virtual_hosts": [{"routers": [
                  {"match": {"variables": [{"name": "x-var", "value": "(", "regex": true}]}, "direct_response": {"status": 200}}]}]}]}]}
                """);
        assertEquals("servers[0].routers[0].virtual_hosts[0].routers[0].match.variables[0].value", problem.path());
        assertTrue(problem.problem().startsWith("invalid regular expression: Unclosed group"), problem.problem());
    }

    @Test
    void listenerPortWithASign() throws Exception {
        ConfigException problem = onlyPrepareProblem(listener("127.0.0.1:+80"));
        assertEquals("servers[0].listeners[0].address", problem.path());
        assertEquals("port \"+80\" in \"127.0.0.1:+80\" is not a number from 0 to 65535", problem.problem());
    }

    @Test
    void headerRegexThatDoesNotCompile() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"routers": [{"router_config_name": "r", "virtual_hosts": [{"routers": [
                  {"match": {"headers": [{"name": "a", "value": "[", "regex": false},
                                         {"name": "b", "value": "[", "regex": true}]},
                   "direct_response": {"status": 200}}]}]}]}]}
                """);
        assertEquals("servers[0].routers[0].virtual_hosts[0].routers[0].match.headers[1].value", problem.path());
        assertTrue(problem.problem().startsWith("invalid regular expression: Unclosed character class"),
                problem.problem());
    }

    @Test
    void connectionManagerRegexThatDoesNotCompile() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0",
                  "filter_chains": [{"filters": [{"type": "connection_manager", "config": {
                    "router_config_name": "r", "virtual_hosts": [{"routers": [{"match": {"regex": "*"}, "direct_response": {"status": 200}}]}]}}]}]}]}]}
                """);
        assertEquals("servers[0].listeners[0].filter_chains[0].filters[0].config.virtual_hosts[0].routers[0].match.regex",
                problem.path());
        assertEquals("invalid regular expression: Dangling meta character '*' near index 0", problem.problem());
    }

    @Test
    void duplicateRouterConfigNames() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"routers": [{"router_config_name": "r"}, {"router_config_name": "r"}]}]}
                """);
        assertEquals("servers[0].routers[1].router_config_name", problem.path());
        assertEquals("router config \"r\" is defined twice", problem.problem());
    }

    @Test
    void routerWithoutName() throws Exception {
        ConfigException problem = onlyPrepareProblem("{\"servers\": [{\"routers\": [{\"virtual_hosts\": []}]}]}");
        assertEquals("servers[0].routers[0].router_config_name", problem.path());
        assertEquals("expected a router config name, got nothing", problem.problem());
    }

    @Test
    void unsupportedNetwork() throws Exception {
        ConfigException problem = onlyPrepareProblem("""
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0", "network": "udp"}]}]}
                """);
        assertEquals("servers[0].listeners[0].network", problem.path());
        assertEquals("network \"udp\" is not supported (supported: tcp)", problem.problem());
    }

    @Test
    void everyErrorIsReportedAtOnce() throws Exception {
        List<ConfigException> problems = ConfigTesting.prepareProblems("""
                {
                  "servers": [{
                    "default_log_level": "LOUD",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"routers": [{"match": {"regex": "("}, "direct_response": {"status": 200}}]}]}],
                    "listeners": [
                      {"name": "a", "address": "nonsense"},
                      {"name": "b", "address": "127.0.0.1:0", "filter_chains": [{"filters": [
                        {"type": "tcp_proxy"},
                        {"type": "proxy", "config": {"downstream_protocol": "Http2"}}]}]},
                      {"name": "a", "address": "127.0.0.1:0"}
                    ]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "x", "lb_type": "LB_ORIGINAL_DST"},
                    {"name": "y", "hosts": [{"address": "db.internal:5432"}]},
                    {"name": "z", "type": "ORIGINAL_DST"}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": -1}}}
                }
                """, plugins);
        assertEquals(List.of(
                        "servers[0].default_log_level",
                        "admin.address.socket_address.port_value",
                        "cluster_manager.clusters[0].lb_type",
                        "cluster_manager.clusters[1].hosts[0].address",
                        "cluster_manager.clusters[2].type",
                        "servers[0].routers[0].virtual_hosts[0].routers[0].match.regex",
                        "servers[0].listeners[0].address",
                        "servers[0].listeners[1].filter_chains[0].filters[0].type",
                        "servers[0].listeners[1].filter_chains[0].filters[1].config.downstream_protocol",
                        "servers[0].listeners[2].name"),
                ConfigTesting.paths(problems));
        assertEquals("lb_type \"LB_ORIGINAL_DST\" is not supported (supported: LB_RANDOM, LB_ROUNDROBIN, "
                + "LB_WEIGHTED_ROUNDROBIN, LB_LEAST_REQUEST, LB_LEAST_CONNECTION, LB_PEAK_EWMA, LB_MAGLEV, "
                + "LB_RING_HASH, LB_REQUEST_ROUNDROBIN)", problems.get(2).problem());
        assertEquals(ConfigTesting.missingProtocol("Http2", plugins), problems.get(8).problem());
    }

    @Test
    void exceptionMessageListsEveryProblemOnItsOwnLine() throws Exception {
        LoadedConfig config = ConfigLoader.parse("{\"servers\": [{\"default_log_level\": \"LOUD\", \"processor\": -1}]}", null);
        PluginHost host = PluginHost.load(plugins);
        try {
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Mosn4jServer.prepare(config, host));
            assertEquals("servers[0].default_log_level: expected one of FATAL, ERROR, WARN, INFO, DEBUG, TRACE, got \"LOUD\"\n"
                    + "servers[0].processor: expected a worker count of 0 (one per core) or more, got -1", e.getMessage());
        } finally {
            host.stop();
        }
    }

    @Test
    void contentAfterTheTopLevelObjectIsRejected() {
        ConfigException problem = onlyParseProblem("{\"servers\": [{}]}\n}\n");
        assertEquals("", problem.path());
        assertTrue(problem.getMessage().startsWith("config is not valid JSON at line 2, column 1: "), problem.getMessage());
        ConfigException second = onlyParseProblem("{\"servers\": [{}]} {\"servers\": [{}, {}]}");
        assertTrue(second.getMessage().startsWith("config is not valid JSON at line 1, column 19: "), second.getMessage());
    }
}
