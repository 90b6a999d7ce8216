package org.mosn4j.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.metrics.ExpositionParser.family;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.metrics.ExpositionParser.Family;
import org.mosn4j.kernel.stats.StatsRegistry;

/** Every value of a stats registry in the exposition, read back by prometheus_client's parser. */
class StatsCollectorTest {

    private final StatsRegistry stats = new StatsRegistry();

    private static Map<String, Long> values(Object... keysAndValues) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], ((Number) keysAndValues[i + 1]).longValue());
        }
        return values;
    }

    private Map<String, Family> scrape(Set<String> reserved, Set<String> exclusionKeys, Set<String> exclusionLabels)
            throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new StatsCollector(stats, reserved, exclusionKeys, exclusionLabels));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return ExpositionParser.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyKeyOfEveryNamespaceIsAMetricWithItsNamespaceAsLabels() throws Exception {
        stats.register(StatsRegistry.DOWNSTREAM, "listener.ingress", () -> values(
                "request_total", 7, "request_active", 2, "request_2xx_total", 5, "request_5xx_total", 2));
        stats.register(StatsRegistry.DOWNSTREAM, "listener.egress", () -> values("request_total", 1, "request_active", 0));
        stats.register(StatsRegistry.UPSTREAM, "cluster.c1", () -> values(
                "request_total", 4, "connection_active", 3, "cb_open", 1, "lb_panic", 0));
        stats.register(StatsRegistry.UPSTREAM, "cluster.c1.host.127.0.0.1:8080", () -> values(
                "request_total", 4, "healthy", 1, "request_2xx_total", 4));
        stats.register("custom", "things.a \"quoted\\\" name\nwith a newline", () -> values("thing_total", 9));

        Map<String, Family> families = scrape(Set.of(), Set.of(), Set.of());

        Family downstream = family(families, "mosn_downstream_request");
        assertEquals("counter", downstream.type());
        assertEquals(7, downstream.value("mosn_downstream_request_total", Map.of("listener", "ingress")));
        assertEquals(1, downstream.value("mosn_downstream_request_total", Map.of("listener", "egress")));
        Family active = family(families, "mosn_downstream_request_active");
        assertEquals("gauge", active.type());
        assertEquals(2, active.value("mosn_downstream_request_active", Map.of("listener", "ingress")));

        Family byClass = family(families, "mosn_downstream_requests_by_class");
        assertEquals("counter", byClass.type());
        assertEquals(5, byClass.value("mosn_downstream_requests_by_class_total", Map.of("listener", "ingress", "code_class", "2xx")));
        assertEquals(2, byClass.value("mosn_downstream_requests_by_class_total", Map.of("listener", "ingress", "code_class", "5xx")));
        assertFalse(families.containsKey("mosn_downstream_request_2xx"));

        Family upstream = family(families, "mosn_upstream_request");
        assertEquals(4, upstream.value("mosn_upstream_request_total", Map.of("cluster", "c1")));
        assertEquals(4, upstream.value("mosn_upstream_request_total", Map.of("cluster", "c1", "host", "127.0.0.1:8080")));
        assertEquals("gauge", family(families, "mosn_upstream_connection_active").type());
        assertEquals("gauge", family(families, "mosn_upstream_cb_open").type());
        assertEquals("counter", family(families, "mosn_upstream_lb_panic").type());
        assertEquals(1, family(families, "mosn_upstream_healthy")
                .value("mosn_upstream_healthy", Map.of("cluster", "c1", "host", "127.0.0.1:8080")));
        assertEquals(4, family(families, "mosn_upstream_requests_by_class").value("mosn_upstream_requests_by_class_total",
                Map.of("cluster", "c1", "host", "127.0.0.1:8080", "code_class", "2xx")));

        assertEquals(9, family(families, "mosn_custom_thing").value("mosn_custom_thing_total",
                Map.of("things", "a \"quoted\\\" name\nwith a newline")));
    }

    @Test
    void keysAddedLaterAppearAtTheNextScrape() throws Exception {
        Map<String, Long> view = new LinkedHashMap<>(values("request_total", 1));
        stats.register(StatsRegistry.UPSTREAM, "cluster.c1", () -> new LinkedHashMap<>(view));
        assertFalse(scrape(Set.of(), Set.of(), Set.of()).containsKey("mosn_upstream_health_check_success"));
        view.put("health_check_success", 3L);
        view.put("cb_remaining_requests", 10L);
        stats.register(StatsRegistry.UPSTREAM, "cluster.c2", () -> values("request_pending_overflow", 2));
        Map<String, Family> families = scrape(Set.of(), Set.of(), Set.of());
        assertEquals(3, family(families, "mosn_upstream_health_check_success")
                .value("mosn_upstream_health_check_success_total", Map.of("cluster", "c1")));
        assertEquals("gauge", family(families, "mosn_upstream_cb_remaining_requests").type());
        assertEquals(2, family(families, "mosn_upstream_request_pending_overflow")
                .value("mosn_upstream_request_pending_overflow_total", Map.of("cluster", "c2")));
    }

    @Test
    void clashingValuesAreLeftOutAndTheRestIsExported() throws Exception {
        stats.register(StatsRegistry.DOWNSTREAM, "listener.l", () -> values(
                "request_total", 3,
                // a counter clashing with the duration histogram's _count
                "request_duration_seconds_count", 1,
                // two keys that sanitize to the same name: the first one wins
                "bytes-in", 10, "bytes.in", 20,
                // a counter that went negative cannot be exported
                "request_reset", -1));
        // mosn_t_cb_x as a gauge (key cb_x of type t) and as a counter (key x of type t_cb)
        stats.register("t", "listener.l", () -> values("cb_x", 1));
        stats.register("t_cb", "listener.l", () -> values("x", 2));

        Map<String, Family> families = scrape(Set.copyOf(RequestDurationHistograms.exposedNames()), Set.of(), Set.of());

        assertEquals(3, family(families, "mosn_downstream_request").value("mosn_downstream_request_total", Map.of("listener", "l")));
        assertFalse(families.containsKey("mosn_downstream_request_duration_seconds_count"));
        assertEquals(10, family(families, "mosn_downstream_bytes_in").value("mosn_downstream_bytes_in_total", Map.of("listener", "l")));
        assertFalse(families.containsKey("mosn_downstream_request_reset"));
        Family clash = family(families, "mosn_t_cb_x");
        assertEquals("gauge", clash.type());
        assertEquals(List.of(new ExpositionParser.Sample("mosn_t_cb_x", Map.of("listener", "l"), 1)), clash.samples());
    }

    @Test
    void excludedKeysAndLabelsAreLeftOut() throws Exception {
        stats.register(StatsRegistry.UPSTREAM, "cluster.c1", () -> values("request_total", 1, "request_time_total", 5));
        stats.register(StatsRegistry.UPSTREAM, "cluster.c1.host.h:1", () -> values("request_total", 1));
        Map<String, Family> families = scrape(Set.of(), Set.of("request_time_total"), Set.of("host"));
        assertFalse(families.containsKey("mosn_upstream_request_time"));
        assertEquals(1, family(families, "mosn_upstream_request").samples().size());
        assertTrue(family(families, "mosn_upstream_request").samples().get(0).labels().equals(Map.of("cluster", "c1")));
    }
}
