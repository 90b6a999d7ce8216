package org.mosn4j.kernel.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.build;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.spi.config.ConfigException;

/** {@code health_check} as configured: defaults, the check it selects, and each error with its JSON path. */
class HealthCheckConfigTest {

    private static final String PATH = "cluster_manager.clusters[0].health_check";

    private static HealthCheckSettings settings(String healthCheck) throws Exception {
        HealthCheckTests.Built built = build(cluster("c", healthCheck, "127.0.0.1:8080"));
        assertEquals(List.of(), built.problems());
        return built.clusters().staticCluster("c").healthCheck();
    }

    private static ConfigException problem(String healthCheck) throws Exception {
        HealthCheckTests.Built built = build(cluster("ok", "{}", "127.0.0.1:8080") + ", "
                + cluster("c", healthCheck, "127.0.0.1:8080"));
        assertEquals(1, built.problems().size(), () -> "expected one problem, got " + built.problems());
        return built.problems().get(0);
    }

    @Test
    void absentEmptyOrAllZeroMeansNoHealthCheck() throws Exception {
        assertNull(settings("null"));
        assertNull(settings("{}"));
        assertNull(settings("""
                {"timeout": "0s", "interval": "0s", "interval_jitter": "0s", "healthy_threshold": 0,
                 "unhealthy_threshold": 0, "initial_delay_seconds": "0s", "service_name": ""}
                """), "a MOSN config dump of a cluster without health checks");
    }

    @Test
    void defaultsFollowMosn() throws Exception {
        HealthCheckSettings settings = settings("{\"service_name\": \"orders\"}");
        assertEquals(new HealthCheckSettings("orders", Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ZERO,
                Duration.ofSeconds(1), 1, 1, null), settings);
        assertEquals("TCP connect", settings.describe());
    }

    @Test
    void everyFieldIsRead() throws Exception {
        HealthCheckSettings settings = settings("""
                {"Protocol": "Http1", "Timeout": "1s", "interval": "2s", "interval_jitter": "100ms",
                 "initial_delay_seconds": "0s", "healthy_threshold": 2, "unhealthy_threshold": 3,
                 "service_name": "svc", "check_config": {"http_check_config": {"port": 8081, "timeout": "500ms",
                 "path": "/health", "method": "head", "scheme": "http", "domain": "example.com", "codes": [200, 204]}}}
                """);
        assertEquals(new HealthCheckSettings("svc", Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ZERO, 2, 3, new HttpCheckSettings(8081, "/health", "HEAD", "example.com", Set.of(200, 204),
                        Duration.ofMillis(500))), settings);
        assertEquals("HTTP HEAD /health on port 8081", settings.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "HTTP", "Http1", "http1"})
    void anHttpProtocolMeansAnHttpGetOfTheRoot(String protocol) throws Exception {
        HealthCheckSettings settings = settings("{\"protocol\": \"" + protocol + "\"}");
        assertEquals(new HttpCheckSettings(0, "/", "GET", null, Set.of(), null), settings.http());
        assertEquals(Duration.ofSeconds(1), settings.timeout());
    }

    @Test
    void anHttpCheckConfigMeansHttpWhateverTheProtocol() throws Exception {
        assertEquals("/ping", settings("{\"check_config\": {\"http_check_config\": {\"path\": \"/ping\"}}}").http().path());
        assertEquals("/ping", settings("""
                {"protocol": "bolt", "check_config": {"http_check_config": {"path": "/ping"}}}
                """).http().path());
    }

    @Test
    void tcpAndNoProtocolMeanATcpConnect() throws Exception {
        assertNull(settings("{\"protocol\": \"TCP\"}").http());
        assertNull(settings("{\"interval\": \"5s\"}").http());
    }

    @Test
    void initialDelayIsADurationOrWholeSeconds() throws Exception {
        assertEquals(Duration.ofSeconds(5), settings("{\"initial_delay_seconds\": 5}").initialDelay());
        assertEquals(Duration.ofMillis(250), settings("{\"initial_delay_seconds\": \"250ms\"}").initialDelay());
        assertEquals(Duration.ZERO, settings("{\"protocol\": \"tcp\", \"initial_delay_seconds\": 0}").initialDelay());
    }

    @Test
    void anUnknownProtocolWithoutHttpCheckConfigNamesTheSupportedOnes() throws Exception {
        ConfigException problem = problem("{\"protocol\": \"bolt\"}");
        assertEquals("cluster_manager.clusters[1].health_check.protocol", problem.path());
        assertEquals("health check protocol \"bolt\" is not supported (supported: \"http\" or \"Http1\" for an HTTP "
                + "check, \"tcp\" for a TCP connect check (any case); absent means TCP, or HTTP when "
                + "check_config.http_check_config is set)", problem.problem());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"protocol\": \"tcp\", \"check_config\": {\"http_check_config\": {}}}|protocol|protocol \"tcp\" asks for a TCP connect check but check_config.http_check_config is set; use \"http\" or remove http_check_config",
        "{\"timeout\": \"-1s\"}|timeout|expected a positive duration such as \"1s\", got -1s",
        "{\"interval\": \"5ms\"}|interval|expected an interval of at least 10ms, got 5ms",
        "{\"interval\": 1000}|interval|expected an interval of at least 10ms, got 1us",
        "{\"interval_jitter\": \"-5ms\"}|interval_jitter|expected a duration of 0s or more, got -5ms",
        "{\"healthy_threshold\": -1}|healthy_threshold|expected a count of 1 or more, got -1",
        "{\"unhealthy_threshold\": -2}|unhealthy_threshold|expected a count of 1 or more, got -2",
        "{\"initial_delay_seconds\": \"soon\"}|initial_delay_seconds|invalid duration \"soon\" (expected a Go duration such as \"30s\", \"500ms\" or \"1m30s\")",
        "{\"initial_delay_seconds\": -3}|initial_delay_seconds|expected a delay of 0s or more, got -3s",
        "{\"initial_delay_seconds\": 99999999999}|initial_delay_seconds|expected a delay of at most 8760h0m0s, got 99999999999",
        "{\"initial_delay_seconds\": 1.5}|initial_delay_seconds|expected a duration such as \"5s\" or a whole number of seconds, got 1.5",
        "{\"check_config\": {\"http_check_config\": {\"port\": 70000}}}|check_config.http_check_config.port|expected a port from 1 to 65535 (or 0 for the host's own), got 70000",
        "{\"check_config\": {\"http_check_config\": {\"timeout\": \"-1s\"}}}|check_config.http_check_config.timeout|expected a positive duration such as \"1s\", got a negative one",
        "{\"check_config\": {\"http_check_config\": {\"path\": \"health\"}}}|check_config.http_check_config.path|expected a path starting with \"/\" made of printable ASCII without spaces, such as \"/health\", got \"health\"",
        "{\"check_config\": {\"http_check_config\": {\"path\": \"/a b\"}}}|check_config.http_check_config.path|expected a path starting with \"/\" made of printable ASCII without spaces, such as \"/health\", got \"/a b\"",
        "{\"check_config\": {\"http_check_config\": {\"method\": \"GE T\"}}}|check_config.http_check_config.method|expected an HTTP method such as \"GET\" or \"HEAD\", got \"GE T\"",
        "{\"check_config\": {\"http_check_config\": {\"method\": \"connect\"}}}|check_config.http_check_config.method|expected an HTTP method such as \"GET\" or \"HEAD\", got \"connect\"",
        "{\"check_config\": {\"http_check_config\": {\"scheme\": \"https\"}}}|check_config.http_check_config.scheme|scheme \"https\" is not supported (supported: http); health checks are sent in plaintext, even to a cluster with tls_context",
        "{\"check_config\": {\"http_check_config\": {\"domain\": \"a\\r\\nb\"}}}|check_config.http_check_config.domain|expected a host name for the Host header, such as \"example.com\", got \"a\\r\\nb\"",
        "{\"check_config\": {\"http_check_config\": {\"codes\": [200, 99]}}}|check_config.http_check_config.codes[1]|expected an HTTP status from 100 to 599, got 99",
    })
    void eachBadValueIsReportedWithItsPath(String healthCheck, String key, String message) throws Exception {
        ConfigException problem = problem(healthCheck);
        assertEquals("cluster_manager.clusters[1].health_check." + key, problem.path());
        assertEquals(message, problem.problem());
    }

    @Test
    void aValueOfTheWrongTypeIsReportedWhenTheConfigIsRead() {
        String json = """
                {"cluster_manager": {"clusters": [{"name": "c", "hosts": [{"address": "127.0.0.1:8080"}],
                  "health_check": {"healthy_threshold": "2"}}]}}
                """;
        List<ConfigException> problems = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.parse(json, null)).problems();
        assertEquals(1, problems.size());
        assertEquals(PATH + ".healthy_threshold", problems.get(0).path());
        assertEquals("expected an integer, got string \"2\"", problems.get(0).problem());
    }

    @Test
    void aBadDurationIsReportedWhenTheConfigIsRead() {
        String json = """
                {"cluster_manager": {"clusters": [{"name": "c", "hosts": [{"address": "127.0.0.1:8080"}],
                  "health_check": {"check_config": {"http_check_config": {"timeout": "1 second"}}}}]}}
                """;
        List<ConfigException> problems = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.parse(json, null)).problems();
        assertEquals(PATH + ".check_config.http_check_config.timeout", problems.get(0).path());
    }
}
