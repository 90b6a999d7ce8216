package org.mosn4j.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/** The {@code metrics} block: what it turns on, and an error naming the JSON path for each mistake. */
class MetricsSettingsTest {

    @TempDir
    Path dir;

    private static MetricsSettings settings(String json, boolean admin, ConfigProblems problems) throws Exception {
        return MetricsSettings.from(ConfigBinder.INSTANCE.mapper().readTree(json), admin, problems);
    }

    private static MetricsSettings valid(String json) throws Exception {
        ConfigProblems problems = new ConfigProblems();
        MetricsSettings settings = settings(json, true, problems);
        assertTrue(problems.isEmpty(), () -> problems.all().toString());
        return settings;
    }

    private static ConfigException onlyProblem(String json, boolean admin) throws Exception {
        ConfigProblems problems = new ConfigProblems();
        settings(json, admin, problems);
        assertEquals(1, problems.all().size(), () -> problems.all().toString());
        return problems.all().get(0);
    }

    @Test
    void noBlockMeansHistogramsOnAndNoSink() {
        ConfigProblems problems = new ConfigProblems();
        assertSame(MetricsSettings.DEFAULT, MetricsSettings.from(null, true, problems));
        assertTrue(MetricsSettings.DEFAULT.histograms());
        assertTrue(MetricsSettings.DEFAULT.sinks().isEmpty());
        assertTrue(problems.isEmpty());
    }

    @Test
    void mosnsPrometheusSinkListensOnAllInterfacesWithItsEndpoint() throws Exception {
        MetricsSettings settings = valid("""
                {"sinks": [{"type": "prometheus", "config": {"port": 34903, "endpoint": "/stats/prometheus"}}],
                 "shm_zone": "", "flush_mosn": true}
                """);
        assertTrue(settings.histograms());
        assertEquals(List.of(new MetricsSettings.Sink(new InetSocketAddress("0.0.0.0", 34903), "/stats/prometheus",
                "metrics.sinks[0]")), settings.sinks());
    }

    @Test
    void keysMatchCaseInsensitivelyAndEndpointDefaultsToMetrics() throws Exception {
        MetricsSettings settings = valid("""
                {"Sinks": [{"Type": "Prometheus", "Config": {"Port": 0}}], "STATS_MATCHER": {"Reject_All": true}}
                """);
        assertFalse(settings.histograms());
        assertEquals("/metrics", settings.sinks().get(0).endpoint());
        assertEquals(0, settings.sinks().get(0).address().getPort());
    }

    @Test
    void aSinkWithoutPortIsServedByTheAdminApiOnly() throws Exception {
        assertTrue(valid("{\"sinks\": [{\"type\": \"prometheus\"}]}").sinks().isEmpty());
    }

    @Test
    void statsMatcherExclusions() throws Exception {
        MetricsSettings settings = valid("""
                {"stats_matcher": {"exclusion_keys": ["request_time_total"], "exclusion_labels": ["host"]}}
                """);
        assertTrue(settings.histograms());
        assertEquals(Set.of("request_time_total"), settings.exclusionKeys());
        assertEquals(Set.of("host"), settings.exclusionLabels());
    }

    @Test
    void unknownSinkTypeNamesThePathAndTheSupportedType() throws Exception {
        ConfigException e = onlyProblem("{\"sinks\": [{\"type\": \"prometheus\", \"config\": {\"port\": 1}}, "
                + "{\"type\": \"console\"}]}", true);
        assertEquals("metrics.sinks[1].type", e.path());
        assertEquals("sink type \"console\" is not supported (supported: prometheus)", e.problem());
    }

    @Test
    void missingSinkType() throws Exception {
        ConfigException e = onlyProblem("{\"sinks\": [{\"config\": {\"port\": 1}}]}", true);
        assertEquals("metrics.sinks[0].type", e.path());
        assertEquals("expected a sink type (supported: prometheus), got nothing", e.problem());
    }

    @Test
    void portOutOfRange() throws Exception {
        ConfigException e = onlyProblem("{\"sinks\": [{\"type\": \"prometheus\", \"config\": {\"port\": 70000}}]}", true);
        assertEquals("metrics.sinks[0].config.port", e.path());
        assertEquals("expected a port from 0 to 65535, got 70000", e.problem());
    }

    @Test
    void portOfTheWrongType() throws Exception {
        ConfigException e = onlyProblem("{\"sinks\": [{\"type\": \"prometheus\", \"config\": {\"port\": \"34903\"}}]}", true);
        assertEquals("metrics.sinks[0].config.port", e.path());
        assertEquals("expected an integer, got string \"34903\"", e.problem());
    }

    @Test
    void noPortAndNoAdminMeansNothingServesMetrics() throws Exception {
        ConfigException e = onlyProblem("{\"sinks\": [{\"type\": \"prometheus\"}]}", false);
        assertEquals("metrics.sinks[0].config.port", e.path());
        assertTrue(e.problem().contains("without an admin block nothing else serves /metrics"), e.problem());
    }

    @Test
    void endpointMustBeAPath() throws Exception {
        ConfigException e = onlyProblem("{\"sinks\": [{\"type\": \"prometheus\", \"config\": {\"port\": 1, "
                + "\"endpoint\": \"metrics\"}}]}", true);
        assertEquals("metrics.sinks[0].config.endpoint", e.path());
        assertEquals("expected a path starting with \"/\", got \"metrics\"", e.problem());
    }

    @Test
    void pushGatewayIsRefused() throws Exception {
        ConfigException e = onlyProblem("{\"sinks\": [{\"type\": \"prometheus\", \"config\": {\"port\": 1, "
                + "\"export_url\": \"http://gateway:9091\"}}]}", true);
        assertEquals("metrics.sinks[0].config.export_url", e.path());
    }

    @Test
    void twoSinksOnOnePort() throws Exception {
        ConfigException e = onlyProblem("{\"sinks\": [{\"type\": \"prometheus\", \"config\": {\"port\": 9100}}, "
                + "{\"type\": \"prometheus\", \"config\": {\"port\": 9100, \"endpoint\": \"/other\"}}]}", true);
        assertEquals("metrics.sinks[1].config.port", e.path());
        assertEquals("port 9100 is the port of metrics.sinks[0] already; give each sink a port of its own", e.problem());
    }

    @Test
    void rejectAllOfTheWrongType() throws Exception {
        ConfigException e = onlyProblem("{\"stats_matcher\": {\"reject_all\": \"yes\"}}", true);
        assertEquals("metrics.stats_matcher.reject_all", e.path());
        assertEquals("expected true or false, got string \"yes\"", e.problem());
    }

    @Test
    void everySinkErrorIsReportedByPrepareBeforeAnythingIsBound() throws Exception {
        String json = """
                {"servers": [{"listeners": []}],
                 "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}},
                 "metrics": {"sinks": [{"type": "statsd"}, {"type": "prometheus", "config": {"endpoint": "x"}}]}}
                """;
        PluginHost host = PluginHost.load(dir);
        try {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> Mosn4jServer.prepare(ConfigLoader.parse(json, null), host));
            assertEquals(List.of("metrics.sinks[0].type", "metrics.sinks[1].config.endpoint"),
                    e.problems().stream().map(ConfigException::path).toList());
        } finally {
            host.stop();
        }
    }
}
