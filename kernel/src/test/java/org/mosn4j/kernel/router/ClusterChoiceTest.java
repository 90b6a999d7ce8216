package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.router.RouterTesting.oneHost;
import static org.mosn4j.kernel.router.RouterTesting.request;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.stream.HeaderMap;

class ClusterChoiceTest {

    private static RouteEntry onlyRoute(String action) throws Exception {
        RouteEntry route = RouterTesting.table(oneHost("{\"route\": " + action + "}")).match(request("h", "/"), null);
        assertEquals("vh", route.virtualHostName());
        return route;
    }

    @Test
    void clusterNameIsTheCluster() throws Exception {
        RouteEntry route = onlyRoute("{\"cluster_name\": \"web\"}");
        assertEquals("web", route.chooseCluster(request("h", "/")));
        assertEquals("web", route.clusterName());
        assertNull(route.directResponse());
        assertNull(route.redirect());
    }

    @Test
    void weightedClustersGetSharesByRelativeWeight() throws Exception {
        RouteEntry route = onlyRoute("{\"weighted_clusters\": [{\"cluster\": {\"name\": \"a\", \"weight\": 1}}, "
                + "{\"cluster\": {\"name\": \"b\", \"weight\": 3}}, {\"cluster\": {\"name\": \"c\", \"weight\": 6}}]}");
        Map<String, Integer> counts = new HashMap<>();
        HeaderMap request = request("h", "/");
        int picks = 20_000;
        for (int i = 0; i < picks; i++) {
            counts.merge(route.chooseCluster(request), 1, Integer::sum);
        }
        assertEquals(Set.of("a", "b", "c"), counts.keySet());
        // Expected 2,000 / 6,000 / 12,000; the bounds are many standard deviations wide.
        assertTrue(counts.get("a") > 1_500 && counts.get("a") < 2_500, counts.toString());
        assertTrue(counts.get("b") > 5_300 && counts.get("b") < 6_700, counts.toString());
        assertTrue(counts.get("c") > 11_200 && counts.get("c") < 12_800, counts.toString());
        assertNull(route.clusterName());
    }

    @Test
    void singleWeightedClusterAlwaysWins() throws Exception {
        RouteEntry route = onlyRoute("{\"weighted_clusters\": [{\"cluster\": {\"name\": \"only\", \"weight\": 100}}]}");
        for (int i = 0; i < 100; i++) {
            assertEquals("only", route.chooseCluster(request("h", "/")));
        }
    }

    @Test
    void clusterHeaderNamesTheCluster() throws Exception {
        RouteEntry route = onlyRoute("{\"cluster_header\": \"x-cluster\"}");
        assertEquals("blue", route.chooseCluster(request("h", "/", "X-Cluster", "blue")));
        assertNull(route.chooseCluster(request("h", "/")));
        assertNull(route.clusterName());
    }

    @Test
    void clusterNameIsTheFallbackOfClusterHeader() throws Exception {
        RouteEntry route = onlyRoute("{\"cluster_header\": \"x-cluster\", \"cluster_name\": \"default\"}");
        assertEquals("blue", route.chooseCluster(request("h", "/", "x-cluster", "blue")));
        assertEquals("default", route.chooseCluster(request("h", "/")));
        assertEquals("default", route.chooseCluster(request("h", "/", "x-cluster", "")));
    }

    @Test
    void routeSettingsAreExposed() throws Exception {
        RouteEntry route = onlyRoute("{\"cluster_name\": \"web\", \"upstream_protocol\": \"Http2\", \"timeout\": \"1.5s\", "
                + "\"retry_policy\": {\"retry_on\": true, \"num_retries\": 3, \"retry_timeout\": \"200ms\", "
                + "\"status_codes\": [502, 503]}, \"auto_host_rewrite\": true}");
        assertEquals("Http2", route.upstreamProtocol());
        assertEquals(Duration.ofMillis(1500), route.timeout());
        assertEquals(new RetryPolicy(true, 3, Duration.ofMillis(200), Set.of(502, 503)), route.retryPolicy());
    }

    @Test
    void routeDefaultsAreNoTimeoutNoRetryAndTheProxysProtocol() throws Exception {
        RouteEntry route = onlyRoute("{\"cluster_name\": \"web\"}");
        assertNull(route.upstreamProtocol());
        assertEquals(Duration.ZERO, route.timeout());
        assertEquals(RetryPolicy.NONE, route.retryPolicy());
    }
}
