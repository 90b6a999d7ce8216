package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.metrics.ExpositionParser.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.kernel.metrics.ExpositionParser;
import org.mosn4j.kernel.metrics.ExpositionParser.Bucket;
import org.mosn4j.kernel.metrics.ExpositionParser.Family;

/**
 * The admin API's {@code /metrics} after requests through the HTTP/1.1 proxy to a real backend, read back with
 * prometheus_client's parser: requests by status class per listener, cluster and host, and the duration
 * histograms per listener and cluster.
 *
 * <p>The proxy runs one event loop ({@code processor} 1), so the request that reads {@code /metrics} is handled
 * after the proxied responses were counted: a request is counted on its event loop in the same task that writes
 * the end of its response.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpProxyMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");

    private static String config(String backend, String metrics) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "processor": 1,
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/ok"}, "route": {"cluster_name": "c"}},
                                   {"match": {"prefix": "/status"}, "route": {"cluster_name": "c"}}]}]}],
                    "listeners": [{
                      "name": "http", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy",
                         "config": {"downstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [{"address": "%s"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}},
                  "metrics": %s
                }
                """.formatted(backend, metrics);
    }

    /** Sends 5 requests answered 200, 2 answered 503 by the backend and 3 without a route (404 from the proxy). */
    private static void sendTraffic(RunningMosn mosn) throws Exception {
        String base = "http://127.0.0.1:" + mosn.listener("http").getPort();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get(base + "/ok/" + i).statusCode());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(503, get(base + "/status/503").statusCode());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(404, get(base + "/nothing/" + i).statusCode());
        }
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Family> scrape(RunningMosn mosn) throws Exception {
        HttpResponse<String> response = mosn.admin("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return ExpositionParser.parse(response.body());
    }

    private static void assertClasses(Family byClass, Map<String, String> labels, int... counts) {
        for (int i = 0; i < CLASSES.size(); i++) {
            Map<String, String> withClass = new java.util.HashMap<>(labels);
            withClass.put("code_class", CLASSES.get(i));
            assertEquals(counts[i], byClass.value(byClass.name() + "_total", withClass), byClass.name() + withClass);
        }
    }

    private static void assertHistogram(Family family, Map<String, String> labels, int count) {
        assertEquals("histogram", family.type());
        assertEquals(count, family.value(family.name() + "_count", labels), family.name() + labels);
        assertTrue(family.value(family.name() + "_sum", labels) > 0, family.name() + labels);
        List<Bucket> buckets = family.buckets(labels);
        assertEquals(15, buckets.size(), buckets::toString);
        for (int i = 1; i < buckets.size(); i++) {
            assertTrue(buckets.get(i).upperBound() > buckets.get(i - 1).upperBound(), buckets::toString);
            assertTrue(buckets.get(i).count() >= buckets.get(i - 1).count(), () -> "not cumulative: " + buckets);
        }
        Bucket last = buckets.get(buckets.size() - 1);
        assertEquals(Double.POSITIVE_INFINITY, last.upperBound());
        assertEquals(count, last.count());
    }

    @Test
    void requestsByStatusClassAndDurationHistogramsPerListenerAndCluster() throws Exception {
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(backend.address(), "{}"))) {
            sendTraffic(mosn);
            Map<String, Family> families = scrape(mosn);

            Map<String, String> listener = Map.of("listener", "http");
            Map<String, String> cluster = Map.of("cluster", "c");
            Map<String, String> host = Map.of("cluster", "c", "host", backend.address());
            assertEquals(10, family(families, "mosn_downstream_request").value("mosn_downstream_request_total", listener));
            assertEquals(7, family(families, "mosn_upstream_request").value("mosn_upstream_request_total", cluster));
            assertEquals(7, family(families, "mosn_upstream_request").value("mosn_upstream_request_total", host));
            assertClasses(family(families, "mosn_downstream_requests_by_class"), listener, 0, 5, 0, 3, 2);
            assertClasses(family(families, "mosn_upstream_requests_by_class"), cluster, 0, 5, 0, 0, 2);
            assertClasses(family(families, "mosn_upstream_requests_by_class"), host, 0, 5, 0, 0, 2);
            assertEquals(5, family(families, "mosn_downstream_request_200").value("mosn_downstream_request_200_total", listener));
            assertEquals(0, family(families, "mosn_downstream_request_active").value("mosn_downstream_request_active", listener));
            assertTrue(family(families, "mosn_downstream_connection").value("mosn_downstream_connection_total", listener) >= 1);
            assertTrue(family(families, "mosn_upstream_connection").value("mosn_upstream_connection_total", cluster) >= 1);

            assertHistogram(family(families, "mosn_downstream_request_duration_seconds"), listener, 10);
            Family upstream = family(families, "mosn_upstream_request_duration_seconds");
            assertHistogram(upstream, cluster, 7);
            assertTrue(upstream.samples().stream().noneMatch(s -> s.labels().containsKey("host")), "no per-host histogram");

            JsonNode stats = JSON.readTree(mosn.admin("/api/v1/stats?key=downstream.listener.http").body());
            assertEquals("5", stats.at("/downstream/listener.http/request_2xx_total").asText());
            assertEquals("3", stats.at("/downstream/listener.http/request_4xx_total").asText());
            assertEquals("10", stats.at("/downstream/listener.http/request_total").asText());
            JsonNode upstreamStats = JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster.c").body());
            assertEquals("2", upstreamStats.at("/upstream/cluster.c/request_5xx_total").asText());
        }
    }

    @Test
    void rejectAllKeepsTheCountersAndDropsTheHistograms() throws Exception {
        try (Backend backend = new Backend("b1");
             RunningMosn mosn = RunningMosn.start(config(backend.address(), "{\"stats_matcher\": {\"reject_all\": true}}"))) {
            sendTraffic(mosn);
            Map<String, Family> families = scrape(mosn);
            assertFalse(families.containsKey("mosn_downstream_request_duration_seconds"));
            assertFalse(families.containsKey("mosn_upstream_request_duration_seconds"));
            assertClasses(family(families, "mosn_downstream_requests_by_class"), Map.of("listener", "http"), 0, 5, 0, 3, 2);
            assertClasses(family(families, "mosn_upstream_requests_by_class"), Map.of("cluster", "c"), 0, 5, 0, 0, 2);
        }
    }
}
