package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/** lb_type, lb_subset_config and slow_start errors name their JSON path and what was expected. */
class LoadBalancingConfigErrorsTest {

    private static final String AT = "cluster_manager.clusters[0]";

    /** @return the problems of a one-cluster config with {@code fields} added to the cluster */
    private static List<String> problems(String fields) throws Exception {
        ConfigProblems problems = new ConfigProblems();
        try {
            ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree("""
                    {"clusters": [{"name": "c", %s, "hosts": [{"address": "127.0.0.1:1001"}]}]}
                    """.formatted(fields)), ClusterManagerConfig.class, "cluster_manager");
            ClusterManagerBuilder.build(config, Transport.detect(), problems);
        } catch (ConfigException e) {
            problems.add(e);
        }
        return problems.all().stream().map(ConfigException::getMessage).toList();
    }

    private static StaticCluster build(String fields) throws Exception {
        ConfigProblems problems = new ConfigProblems();
        ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree("""
                {"clusters": [{"name": "c", %s, "hosts": [{"address": "127.0.0.1:1001"}]}]}
                """.formatted(fields)), ClusterManagerConfig.class, "cluster_manager");
        DefaultClusterManager clusters = ClusterManagerBuilder.build(config, Transport.detect(), problems);
        assertEquals(List.of(), problems.all());
        return clusters.staticCluster("c");
    }

    @Test
    void unknownLbTypeListsTheSupportedOnes() throws Exception {
        assertEquals(List.of(AT + ".lb_type: lb_type \"LB_FASTEST\" is not supported (supported: LB_RANDOM, "
                + "LB_ROUNDROBIN, LB_WEIGHTED_ROUNDROBIN, LB_LEAST_REQUEST, LB_LEAST_CONNECTION, LB_PEAK_EWMA, "
                + "LB_MAGLEV, LB_RING_HASH, LB_REQUEST_ROUNDROBIN)"), problems("\"lb_type\": \"LB_FASTEST\""));
    }

    @Test
    void everyNewLbTypeAndEnvoysHashNamesBuild() throws Exception {
        for (String type : List.of("LB_LEAST_CONNECTION", "LB_PEAK_EWMA", "LB_MAGLEV", "LB_RING_HASH",
                "LB_REQUEST_ROUNDROBIN", "RING_HASH", "MAGLEV")) {
            assertEquals(List.of(), problems("\"lb_type\": \"" + type + "\""), type);
        }
    }

    @Test
    void fallBackPolicyOutOfRange() throws Exception {
        assertEquals(List.of(AT + ".lb_subset_config.fall_back_policy: expected 0 (NO_FALLBACK), 1 (ANY_ENDPOINT) "
                + "or 2 (DEFAULT_SUBSET), got 3"), problems("""
                "lb_subset_config": {"fall_back_policy": 3, "subset_selectors": [["version"]]}"""));
        assertEquals(List.of(AT + ".lb_subset_config.fall_back_policy: expected an integer, got string \"ANY_ENDPOINT\""),
                problems("\"lb_subset_config\": {\"fall_back_policy\": \"ANY_ENDPOINT\"}"));
    }

    @Test
    void badSelectors() throws Exception {
        assertEquals(List.of(AT + ".lb_subset_config.subset_selectors[1]: expected a list of metadata keys such as "
                + "[\"version\"], got an empty list"), problems("""
                "lb_subset_config": {"subset_selectors": [["version"], []]}"""));
        assertEquals(List.of(AT + ".lb_subset_config.subset_selectors[0][1]: metadata key \"zone\" is listed twice"),
                problems("\"lb_subset_config\": {\"subset_selectors\": [[\"zone\", \"zone\"]]}"));
        assertEquals(List.of(AT + ".lb_subset_config.subset_selectors[0][0]: expected a metadata key, got nothing"),
                problems("\"lb_subset_config\": {\"subset_selectors\": [[\"\"]]}"));
        assertEquals(List.of(AT + ".lb_subset_config.subset_selectors[0]: expected a list, got string \"version\""),
                problems("\"lb_subset_config\": {\"subset_selectors\": [\"version\"]}"));
    }

    @Test
    void badSlowStart() throws Exception {
        assertEquals(List.of(AT + ".slow_start.mode: slow start mode \"requests\" is not supported (supported: "
                + "duration)"), problems("\"slow_start\": {\"mode\": \"requests\", \"slow_start_duration\": \"30s\"}"));
        assertEquals(List.of(AT + ".slow_start.slow_start_duration: expected a duration of 0s (off) or more"),
                problems("\"slow_start\": {\"slow_start_duration\": \"-30s\"}"));
        assertEquals(List.of(AT + ".slow_start.aggression: expected a number above 0 (1.0 ramps linearly), got -1.0"),
                problems("\"slow_start\": {\"slow_start_duration\": \"30s\", \"aggression\": -1}"));
        assertEquals(List.of(AT + ".slow_start.min_weight_percent: expected a fraction from 0 to 1 (0.1) or a "
                + "percentage up to 100 (10), got 150.0"),
                problems("\"slow_start\": {\"slow_start_duration\": \"30s\", \"min_weight_percent\": 150}"));
    }

    @Test
    void validSubsetsAndSlowStartBuild() throws Exception {
        StaticCluster cluster = build("""
                "lb_type": "LB_LEAST_REQUEST",
                "lb_subset_config": {"fall_back_policy": 2, "default_subset": {"version": "v1"},
                                     "subset_selectors": [["version"], ["version", "zone"]]},
                "slow_start": {"mode": "duration", "slow_start_duration": "30s", "aggression": 1.0,
                               "min_weight_percent": 10}""");
        assertEquals("127.0.0.1:1001", cluster.chooseHost(org.mosn4j.spi.upstream.LoadBalancerContext.NONE).address());
        assertInstanceOf(StaticCluster.class, build("\"slow_start\": {\"slow_start_duration\": \"0s\"}"));
    }
}
