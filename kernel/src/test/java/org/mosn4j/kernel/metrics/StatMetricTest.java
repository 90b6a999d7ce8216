package org.mosn4j.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Naming of stats values as Prometheus metrics, and the labels of their namespaces. */
class StatMetricTest {

    @ParameterizedTest
    @CsvSource({
            "downstream, request_total, mosn_downstream_request, COUNTER",
            "downstream, connection_destroy, mosn_downstream_connection_destroy, COUNTER",
            "downstream, request_time_total, mosn_downstream_request_time, COUNTER",
            "upstream, connection_active, mosn_upstream_connection_active, GAUGE",
            "upstream, healthy, mosn_upstream_healthy, GAUGE",
            "upstream, cb_open, mosn_upstream_cb_open, GAUGE",
            "upstream, request_pending_overflow, mosn_upstream_request_pending_overflow, COUNTER",
            "upstream, lb_panic, mosn_upstream_lb_panic, COUNTER",
            "downstream, bytes-read.total, mosn_downstream_bytes_read, COUNTER",
            "up stream, x:y, mosn_up_stream_x:y, COUNTER",
            "downstream, request_200_total, mosn_downstream_request_200, COUNTER",
            "downstream, request_6xx_total, mosn_downstream_request_6xx, COUNTER"})
    void metricIsMosnTypeKeySanitizedWithoutTheCounterSuffix(String type, String key, String name, StatKind kind) {
        StatMetric metric = StatMetric.of(type, key);
        assertEquals(name, metric.name());
        assertEquals(kind, metric.kind());
        assertEquals(Labels.EMPTY, metric.labels());
    }

    @ParameterizedTest
    @CsvSource({"request_1xx_total, 1xx", "request_2xx_total, 2xx", "request_5xx_total, 5xx"})
    void statusClassKeysAreOneMetricWithACodeClassLabel(String key, String codeClass) {
        StatMetric metric = StatMetric.of("upstream", key);
        assertEquals("mosn_upstream_requests_by_class", metric.name());
        assertEquals(StatKind.COUNTER, metric.kind());
        assertEquals(Labels.of("code_class", codeClass), metric.labels());
    }

    @Test
    void sanitizeKeepsLegalCharactersAndGuardsALeadingDigit() {
        assertEquals("abc_DEF_09:x", StatMetric.sanitize("abc_DEF_09:x"));
        assertEquals("a_b_c_d", StatMetric.sanitize("a-b.c d"));
        assertEquals("_1xx", StatMetric.sanitize("1xx"));
        assertEquals("caf_", StatMetric.sanitize("café"));
    }

    @Test
    void counterExposesTotalAndCreatedGaugeItsName() {
        assertEquals(List.of("mosn_downstream_request", "mosn_downstream_request_total",
                "mosn_downstream_request_created"), List.of(StatMetric.of("downstream", "request_total").exposedNames()));
        assertEquals(List.of("mosn_downstream_request_active"),
                List.of(StatMetric.of("downstream", "request_active").exposedNames()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "listener.ingress | listener=ingress",
            "listener.a.b | listener=a.b",
            "cluster.c1 | cluster=c1",
            "cluster.c1.host.127.0.0.1:8080 | cluster=c1,host=127.0.0.1:8080",
            "cluster.my.svc.host.api.host.example:80 | cluster=my.svc,host=api.host.example:80",
            "cluster.c1.hostile | cluster=c1.hostile",
            "tcp-proxy.stat prefix | tcp_proxy=stat prefix",
            "standalone | namespace=standalone",
            ".leading | namespace=.leading",
            "trailing. | namespace=trailing.",
            "__x.y | namespace=__x.y"})
    void namespaceLabels(String namespace, String expected) {
        Labels.Builder labels = Labels.builder();
        for (String pair : expected.split(",")) {
            String[] kv = pair.split("=", 2);
            labels.label(kv[0], kv[1]);
        }
        assertEquals(labels.build(), NamespaceLabels.of(namespace));
    }
}
