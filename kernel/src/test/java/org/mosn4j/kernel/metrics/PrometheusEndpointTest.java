package org.mosn4j.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.metrics.ExpositionParser.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.snapshots.Label;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.kernel.metrics.ExpositionParser.Family;

/**
 * {@code /metrics} of a server started from JSON: on the admin API and on a Prometheus sink's own port, every
 * value of {@code /api/v1/stats} in it, the duration histograms and the JVM's metrics; {@code reject_all} and
 * the exclusions. Request traffic through a proxy is in the HTTP/1 plugin's {@code HttpProxyMetricsTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrometheusEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static String config(String listener, String metrics) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "listeners": [{
                      "name": "%s", "address": "127.0.0.1:0",
                      "filter_chains": [{"filters": [{"type": "connection_manager",
                         "config": {"router_config_name": "cm", "virtual_hosts": []}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "c1", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [{"address": "127.0.0.1:9"}, {"address": "localhost:10"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}},
                  "metrics": %s
                }
                """.formatted(listener, metrics);
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Family> scrape(RunningMosn mosn) throws Exception {
        HttpResponse<String> response = mosn.admin("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        return ExpositionParser.parse(response.body());
    }

    @Test
    void everyStatsValueIsInTheExpositionWithItsKindAndLabels() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config("ingress", "{}"))) {
            JsonNode stats = JSON.readTree(mosn.admin("/api/v1/stats").body());
            Map<String, Family> families = scrape(mosn);
            int checked = 0;
            for (var type : stats.properties()) {
                for (var namespace : type.getValue().properties()) {
                    Map<String, String> labels = new HashMap<>();
                    for (Label label : NamespaceLabels.of(namespace.getKey())) {
                        labels.put(label.getName(), label.getValue());
                    }
                    for (var value : namespace.getValue().properties()) {
                        StatMetric metric = StatMetric.of(type.getKey(), value.getKey());
                        Map<String, String> sampleLabels = new HashMap<>(labels);
                        metric.labels().forEach(l -> sampleLabels.put(l.getName(), l.getValue()));
                        Family family = family(families, metric.name());
                        assertEquals(metric.kind() == StatKind.COUNTER ? "counter" : "gauge", family.type(), metric.name());
                        String sample = metric.kind() == StatKind.COUNTER ? metric.name() + "_total" : metric.name();
                        assertEquals(Double.parseDouble(value.getValue().asText()), family.value(sample, sampleLabels),
                                type.getKey() + "." + namespace.getKey() + " " + value.getKey());
                        checked++;
                    }
                }
            }
            assertTrue(checked > 60, "only " + checked + " stats values");

            assertEquals(0, family(families, "mosn_downstream_request").value("mosn_downstream_request_total",
                    Map.of("listener", "ingress")));
            assertEquals("gauge", family(families, "mosn_downstream_connection_active").type());
            assertEquals(0, family(families, "mosn_upstream_connection_active").value("mosn_upstream_connection_active",
                    Map.of("cluster", "c1")));
            assertEquals(1, family(families, "mosn_upstream_healthy").value("mosn_upstream_healthy",
                    Map.of("cluster", "c1", "host", "localhost:10")));
            for (String codeClass : List.of("1xx", "2xx", "3xx", "4xx", "5xx")) {
                assertEquals(0, family(families, "mosn_upstream_requests_by_class").value(
                        "mosn_upstream_requests_by_class_total", Map.of("cluster", "c1", "code_class", codeClass)));
            }
            assertEquals("0", stats.at("/downstream/listener.ingress/request_2xx_total").asText(),
                    "the JSON view has the status class keys as strings, as MOSN prints values");

            for (String[] histogram : new String[][] {
                    {"mosn_downstream_request_duration_seconds", "listener", "ingress"},
                    {"mosn_upstream_request_duration_seconds", "cluster", "c1"}}) {
                Family family = family(families, histogram[0]);
                assertEquals("histogram", family.type());
                assertEquals(0, family.value(histogram[0] + "_count", Map.of(histogram[1], histogram[2])));
                List<Double> bounds = family.buckets(Map.of(histogram[1], histogram[2])).stream()
                        .map(ExpositionParser.Bucket::upperBound).toList();
                assertEquals(List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                        Double.POSITIVE_INFINITY), bounds);
                assertTrue(family.samples(histogram[0] + "_count", Map.of()).size() == 1, "no per-host histogram");
            }

            assertEquals("gauge", family(families, "jvm_memory_used_bytes").type());
            assertEquals("gauge", family(families, "jvm_threads_current").type());
            assertEquals("counter", family(families, "process_cpu_seconds").type());
        }
    }

    @Test
    void aSinkWithAPortServesItsEndpointOnItsOwnListener() throws Exception {
        String metrics = "{\"sinks\": [{\"type\": \"prometheus\", \"config\": {\"port\": 0, \"endpoint\": \"/prom\"}}]}";
        try (RunningMosn mosn = RunningMosn.start(config("ingress", metrics))) {
            List<java.net.InetSocketAddress> sinks = mosn.server().metricsSinkAddresses();
            assertEquals(1, sinks.size());
            assertTrue(sinks.get(0).getAddress().isAnyLocalAddress(), "MOSN binds its sink on 0.0.0.0: " + sinks);
            String base = "http://127.0.0.1:" + sinks.get(0).getPort();

            HttpResponse<String> response = get(base + "/prom");
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
            Map<String, Family> fromSink = ExpositionParser.parse(response.body());
            Map<String, Family> fromAdmin = scrape(mosn);
            assertEquals(mosnFamilies(fromAdmin), mosnFamilies(fromSink));
            assertTrue(fromSink.containsKey("jvm_threads_current"));
            assertEquals(0, family(fromSink, "mosn_downstream_request").value("mosn_downstream_request_total",
                    Map.of("listener", "ingress")));

            assertEquals(404, get(base + "/metrics").statusCode(), "the sink serves its endpoint only");
            assertEquals(404, get(base + "/api/v1/stats").statusCode(), "and no admin path");
            assertEquals(405, CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/prom"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void rejectAllTurnsTheHistogramsOffExclusionsDropSeriesAndEachServerHasItsOwnRegistry() throws Exception {
        String metrics = "{\"stats_matcher\": {\"reject_all\": true, \"exclusion_labels\": [\"host\"], "
                + "\"exclusion_keys\": [\"request_time_total\"]}}";
        try (RunningMosn plain = RunningMosn.start(config("first", "{}"));
             RunningMosn rejecting = RunningMosn.start(config("second", metrics))) {
            assertTrue(plain.server().metricsSinkAddresses().isEmpty());
            Map<String, Family> families = scrape(rejecting);
            assertFalse(families.containsKey("mosn_downstream_request_duration_seconds"));
            assertFalse(families.containsKey("mosn_upstream_request_duration_seconds"));
            assertFalse(families.containsKey("mosn_downstream_request_time"));
            Family upstream = family(families, "mosn_upstream_request");
            assertEquals(List.of(Map.of("cluster", "c1")), upstream.samples().stream().map(s -> s.labels()).toList());
            Family downstream = family(families, "mosn_downstream_request");
            assertEquals(List.of(Map.of("listener", "second")), downstream.samples().stream().map(s -> s.labels()).toList());
            assertTrue(families.containsKey("jvm_memory_used_bytes"));

            Map<String, Family> plainFamilies = scrape(plain);
            assertTrue(plainFamilies.containsKey("mosn_downstream_request_duration_seconds"));
            assertEquals(List.of(Map.of("listener", "first")), family(plainFamilies, "mosn_downstream_request").samples()
                    .stream().map(s -> s.labels()).toList());
        }
    }

    /** The JVM's families vary (some appear after the first GC); the server's do not while it is idle. */
    private static TreeSet<String> mosnFamilies(Map<String, Family> families) {
        TreeSet<String> names = new TreeSet<>();
        families.keySet().stream().filter(name -> name.startsWith("mosn_")).forEach(names::add);
        return names;
    }
}
