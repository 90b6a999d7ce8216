package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * Subsets from MOSN-shaped config: hosts with {@code filter_metadata."mosn.lb"}, a cluster with
 * {@code lb_subset_config}, and requests asking for metadata, with each fallback policy.
 */
class SubsetLoadBalancerTest {

    private static final String HOSTS = """
            [{"address": "127.0.0.1:1001", "metadata": {"filter_metadata": {"mosn.lb": {"version": "v1", "zone": "a"}}}},
             {"address": "127.0.0.1:1002", "metadata": {"filter_metadata": {"mosn.lb": {"version": "v1", "zone": "b"}}}},
             {"address": "127.0.0.1:1003", "metadata": {"filter_metadata": {"mosn.lb": {"version": "v2", "zone": "a"}}}},
             {"address": "127.0.0.1:1004", "metadata": {"filter_metadata": {"mosn.lb": {"version": "v2", "zone": "b"}}}},
             {"address": "127.0.0.1:1005", "metadata": {"stage": "canary"}}]
            """;

    static StaticCluster cluster(String lbType, String subsetConfig) throws Exception {
        ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree("""
                {"clusters": [{"name": "c", "lb_type": "%s", "lb_subset_config": %s, "hosts": %s}]}
                """.formatted(lbType, subsetConfig, HOSTS)), ClusterManagerConfig.class, "cluster_manager");
        ConfigProblems problems = new ConfigProblems();
        DefaultClusterManager clusters = ClusterManagerBuilder.build(config, Transport.detect(), problems);
        assertEquals(List.of(), problems.all());
        return clusters.staticCluster("c");
    }

    private static LoadBalancerContext asking(Map<String, String> match) {
        return new LoadBalancerContext() {
            @Override
            public Map<String, String> metadataMatch() {
                return match;
            }
        };
    }

    /** @return the ports of the hosts picked in 400 picks, or "none" when nothing was picked */
    private static Set<String> picked(StaticCluster cluster, Map<String, String> match) {
        Set<String> ports = new TreeSet<>();
        for (int i = 0; i < 400; i++) {
            var host = cluster.chooseHost(asking(match));
            ports.add(host == null ? "none" : host.address().substring(host.address().indexOf(':') + 1));
        }
        return ports;
    }

    private static final String SELECTORS = "\"subset_selectors\": [[\"version\"], [\"zone\", \"version\"]]";

    @Test
    void hostMetadataIsReadFromFilterMetadataAndFlatKeys() throws Exception {
        StaticCluster cluster = cluster("LB_ROUNDROBIN", "null");
        assertEquals(Map.of("version", "v1", "zone", "a"), cluster.hosts().get(0).metadata());
        assertEquals(Map.of("stage", "canary"), cluster.hosts().get(4).metadata());
    }

    @Test
    void aRequestAskingForASelectorsKeysGetsThatSubset() throws Exception {
        StaticCluster cluster = cluster("LB_ROUNDROBIN", "{" + SELECTORS + "}");
        assertEquals(Set.of("1003", "1004"), picked(cluster, Map.of("version", "v2")));
        assertEquals(Set.of("1001", "1002"), picked(cluster, Map.of("version", "v1")));
        assertEquals(Set.of("1004"), picked(cluster, Map.of("version", "v2", "zone", "b")));
        assertEquals(Set.of("1001", "1002", "1003", "1004", "1005"), picked(cluster, Map.of()),
                "a request asking for nothing is balanced over the whole cluster");
    }

    @Test
    void noFallbackPicksNoHostWhenTheSubsetIsMissing() throws Exception {
        StaticCluster cluster = cluster("LB_RANDOM", "{\"fall_back_policy\": 0, " + SELECTORS + "}");
        assertEquals(Set.of("none"), picked(cluster, Map.of("version", "v3")));
        assertEquals(Set.of("none"), picked(cluster, Map.of("zone", "a")), "no selector has just zone");
    }

    @Test
    void anyEndpointFallsBackToTheWholeCluster() throws Exception {
        StaticCluster cluster = cluster("LB_RANDOM", "{\"fall_back_policy\": 1, " + SELECTORS + "}");
        assertEquals(Set.of("1001", "1002", "1003", "1004", "1005"), picked(cluster, Map.of("version", "v3")));
    }

    @Test
    void defaultSubsetFallsBackToTheDefaultHosts() throws Exception {
        StaticCluster cluster = cluster("LB_ROUNDROBIN", "{\"fall_back_policy\": 2, \"default_subset\": "
                + "{\"version\": \"v1\"}, " + SELECTORS + "}");
        assertEquals(Set.of("1001", "1002"), picked(cluster, Map.of("version", "v3")));
        assertEquals(Set.of("1003"), picked(cluster, Map.of("version", "v2", "zone", "a")));
    }

    @Test
    void aSubsetWhoseHostsAreAllUnavailableFallsBack() throws Exception {
        StaticCluster cluster = cluster("LB_ROUNDROBIN", "{\"fall_back_policy\": 2, \"default_subset\": "
                + "{\"version\": \"v1\"}, " + SELECTORS + "}");
        cluster.hosts().get(2).markHealthy(false);
        cluster.hosts().get(3).markHealthy(false);
        cluster.refreshHosts();
        assertEquals(Set.of("1001", "1002"), picked(cluster, Map.of("version", "v2")));
        cluster.hosts().get(3).markHealthy(true);
        cluster.refreshHosts();
        assertEquals(Set.of("1004"), picked(cluster, Map.of("version", "v2")));
    }

    @Test
    void subsetsUseTheClustersBalancer() throws Exception {
        StaticCluster cluster = cluster("LB_MAGLEV", "{" + SELECTORS + "}");
        Map<String, Integer> counts = new HashMap<>();
        for (int k = 0; k < 1000; k++) {
            long key = XxHash64.hash("user-" + k);
            LoadBalancerContext context = new LoadBalancerContext() {
                @Override
                public long hashKey() {
                    return key;
                }

                @Override
                public Map<String, String> metadataMatch() {
                    return Map.of("version", "v2");
                }
            };
            var first = cluster.chooseHost(context);
            assertEquals(first, cluster.chooseHost(context), "a key stays on its host within the subset");
            counts.merge(first.address(), 1, Integer::sum);
        }
        assertEquals(Set.of("127.0.0.1:1003", "127.0.0.1:1004"), counts.keySet());
    }

    @Test
    void withoutSelectorsSubsetsAreOff() throws Exception {
        StaticCluster cluster = cluster("LB_ROUNDROBIN", "{\"fall_back_policy\": 0}");
        assertEquals(Set.of("1001", "1002", "1003", "1004", "1005"), picked(cluster, Map.of("version", "v2")));
    }
}
