package org.mosn4j.plugin.filters.faulttolerance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.upstream.ClusterManagerBuilder;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.upstream.ClusterManager;
import org.mosn4j.spi.upstream.HostEjectionPolicy;

/** The fault_tolerance config: MOSN's names and defaults, errors by JSON path, one policy per cluster. */
class FaultToleranceConfigTest {

    private static final String PATH = "listeners[0].stream_filters[1].config";

    private record Context(String listenerName, String configPath, ClusterManager clusterManager)
            implements StreamFilterContext {
    }

    private static JsonNode json(String text) throws Exception {
        return ConfigBinder.INSTANCE.mapper().readTree(text);
    }

    private static ClusterManager clusters() throws Exception {
        ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(json("""
                {"clusters": [{"name": "c", "hosts": [{"address": "127.0.0.1:1001"}, {"address": "127.0.0.1:1002"}]},
                              {"name": "d", "hosts": [{"address": "127.0.0.1:1003"}]}]}
                """), ClusterManagerConfig.class, "cluster_manager");
        ConfigProblems problems = new ConfigProblems();
        ClusterManager clusters = ClusterManagerBuilder.build(config, Transport.detect(), problems);
        assertEquals(List.of(), problems.all());
        return clusters;
    }

    private static HostEjectionPolicy policy(String config) throws Exception {
        return EjectionPolicies.of(ConfigBinder.INSTANCE.bind(json(config), FaultToleranceConfig.class, PATH), PATH);
    }

    @Test
    void mosnsNamesAndDefaults() throws Exception {
        assertEquals(new HostEjectionPolicy(Set.of(502, 503, 504), 5, Duration.ofSeconds(10), 10, 5, 0, 1, 0,
                Duration.ofMinutes(15), Duration.ofMinutes(60)), policy("{}"));
        assertEquals(new HostEjectionPolicy(Set.of(500, 503), 0, Duration.ofMillis(250), 3, 2.5, 0.5, 2, 0.5,
                Duration.ofSeconds(2), Duration.ofSeconds(9)), policy("""
                {"enabled": true, "exceptionTypes": [500, 503], "timeWindow": 250, "leastWindowCount": 3,
                 "exceptionRateMultiple": 2.5, "exceptionRateThreshold": 0.5, "consecutiveExceptions": 0,
                 "maxIpCount": 2, "maxIpRatio": 0.5, "recoverTime": "2s", "maxRecoverTime": 9000, "taskSize": 20}
                """));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"enabled\": \"yes\"}|.enabled: expected true or false",
        "{\"exceptionTypes\": [42]}|.exceptionTypes[1]: expected a status from 100 to 999, got 42",
        "{\"timeWindow\": 5}|.timeWindow: expected at least 10 (milliseconds), got 5",
        "{\"timeWindow\": true}|.timeWindow: expected milliseconds (an integer) or a duration",
        "{\"leastWindowCount\": -3}|.leastWindowCount: expected 1 or more, got -3",
        "{\"exceptionRateMultiple\": 0.5}|.exceptionRateMultiple: expected a number above 1",
        "{\"exceptionRateThreshold\": 2}|.exceptionRateThreshold: expected a share of failed requests from 0 to 1",
        "{\"consecutiveExceptions\": -1}|.consecutiveExceptions: expected 0 (no such rule) or more, got -1",
        "{\"maxIpCount\": -1}|.maxIpCount: expected 1 or more, got -1",
        "{\"maxIpRatio\": 1.5}|.maxIpRatio: expected a share of a cluster's hosts from 0 to 1",
        "{\"recoverTime\": \"soon\"}|.recoverTime: invalid duration \"soon\"",
        "{\"recoverTime\": 1000, \"maxRecoverTime\": 500}|.maxRecoverTime: expected at least recoverTime (1000 ms)",
        "{\"clusters\": [\"c\", \"nope\"]}|.clusters[1]: no cluster is named \"nope\" (clusters: c, d)"
    })
    void badFieldsAreNamedByTheirPath(String config, String expected) throws Exception {
        String withGoodFirst = config.replace("[42]", "[503, 42]");
        ClusterManager clusters = clusters();
        ConfigException e = assertThrows(ConfigException.class, () -> new FaultToleranceFilterFactory()
                .configure(json(withGoodFirst), new Context("l", PATH, clusters)));
        assertTrue(e.getMessage().startsWith(PATH + expected), e.getMessage());
    }

    @Test
    void aClusterTakesOneConfigAndOthersMayCoverOtherClusters() throws Exception {
        ClusterManager clusters = clusters();
        FaultToleranceFilterFactory factory = new FaultToleranceFilterFactory();
        factory.configure(json("{\"enabled\": true, \"recoverTime\": 1000}"), new Context("a", "first", clusters));
        factory.configure(json("{\"enabled\": true, \"recoverTime\": 1000}"), new Context("b", "same", clusters));
        ConfigException e = assertThrows(ConfigException.class, () -> factory.configure(
                json("{\"enabled\": true, \"recoverTime\": 2000, \"clusters\": [\"d\"]}"), new Context("c", "other", clusters)));
        assertTrue(e.getMessage().startsWith("other: cluster d already ejects hosts by the different fault_tolerance"
                + " config at first;"), e.getMessage());
        ClusterManager fresh = clusters();
        factory.configure(json("{\"enabled\": true, \"recoverTime\": 2000, \"clusters\": [\"d\"]}"),
                new Context("c", "only-d", fresh));
        factory.configure(json("{\"enabled\": true, \"recoverTime\": 3000, \"clusters\": [\"c\"]}"),
                new Context("d", "only-c", fresh));
    }

    @Test
    void aDisabledConfigEjectsNothingButIsStillChecked() throws Exception {
        ClusterManager clusters = clusters();
        FaultToleranceFilterFactory factory = new FaultToleranceFilterFactory();
        factory.configure(json("{\"enabled\": false, \"recoverTime\": 1000}"), new Context("a", "off", clusters));
        factory.configure(json("{\"enabled\": true, \"recoverTime\": 2000}"), new Context("b", "on", clusters));
        assertThrows(ConfigException.class, () -> factory.configure(json("{\"timeWindow\": 1}"),
                new Context("c", "off-but-wrong", clusters)));
    }

    @Test
    void thereAreNoPerRouteSettings() {
        ConfigException e = assertThrows(ConfigException.class, () -> new FaultToleranceFilterFactory()
                .parsePerRouteConfig(json("{\"enabled\": false}"), "routers[0].per_filter_config.fault_tolerance"));
        assertTrue(e.getMessage().startsWith("routers[0].per_filter_config.fault_tolerance: fault_tolerance has no"
                + " per-route settings"), e.getMessage());
    }
}
