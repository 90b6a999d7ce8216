package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mosn4j.spi.config.ConfigBinder;

class XdsClusterTranslatorTest {

    private final TranslationNotes notes = new TranslationNotes();

    @Test
    void edsClusterKeepsItsSettingsAndNamesItsEndpoints() throws Exception {
        Cluster cluster = XdsTestResources.edsCluster("reviews").toBuilder()
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(XdsTestResources.ADS)
                        .setServiceName("outbound|9080||reviews.default.svc.cluster.local"))
                .setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST)
                .setConnectTimeout(XdsTestResources.seconds(1, 500_000_000))
                .setPerConnectionBufferLimitBytes(UInt32Value.of(32768))
                .setCircuitBreakers(CircuitBreakers.newBuilder()
                        .addThresholds(CircuitBreakers.Thresholds.newBuilder()
                                .setMaxConnections(UInt32Value.of(100))
                                .setMaxPendingRequests(UInt32Value.of(50))
                                .setMaxRequests(UInt32Value.of(1000))
                                .setMaxRetries(UInt32Value.of(3)))
                        .addThresholds(CircuitBreakers.Thresholds.newBuilder().setPriority(RoutingPriority.HIGH)
                                .setMaxRequests(UInt32Value.of(2000))))
                .addHealthChecks(HealthCheck.newBuilder()
                        .setTimeout(XdsTestResources.seconds(2, 0))
                        .setInterval(XdsTestResources.seconds(10, 0))
                        .setIntervalJitter(XdsTestResources.seconds(1, 0))
                        .setHealthyThreshold(UInt32Value.of(2))
                        .setUnhealthyThreshold(UInt32Value.of(3))
                        .setHttpHealthCheck(HealthCheck.HttpHealthCheck.newBuilder()
                                .setPath("/healthz")
                                .setHost("reviews.local")
                                .addExpectedStatuses(Int64Range.newBuilder().setStart(200).setEnd(202))))
                .putTypedExtensionProtocolOptions("envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
                        Any.pack(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.newBuilder()
                                .setCommonHttpProtocolOptions(HttpProtocolOptions.newBuilder()
                                        .setIdleTimeout(XdsTestResources.seconds(90, 0))
                                        .setMaxRequestsPerConnection(UInt32Value.of(1024)))
                                .setExplicitHttpConfig(io.envoyproxy.envoy.extensions.upstreams.http.v3
                                        .HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                                        .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
                                .build()))
                .build();

        ClusterTranslator.TranslatedCluster translated = ClusterTranslator.translate(cluster, notes);

        assertEquals("outbound|9080||reviews.default.svc.cluster.local", translated.edsServiceName());
        assertEquals("Http2", translated.upstreamProtocol());
        assertEquals(List.of(), translated.hosts());
        assertEquals(json("""
                {"name": "reviews", "type": "SIMPLE", "lb_type": "LB_LEAST_REQUEST", "connect_timeout": "1.5s",
                 "conn_buffer_limit_bytes": 32768, "max_request_per_conn": 1024, "idle_timeout": "1m30s",
                 "circuit_breakers": [
                   {"priority": "default", "max_connections": 100, "max_pending_requests": 50, "max_requests": 1000,
                    "max_retries": 3},
                   {"priority": "high", "max_requests": 2000}],
                 "health_check": {"protocol": "http",
                   "check_config": {"http_check_config": {"path": "/healthz", "domain": "reviews.local",
                                                          "codes": [200, 201]}},
                   "timeout": "2s", "interval": "10s", "interval_jitter": "1s",
                   "healthy_threshold": 2, "unhealthy_threshold": 3}}
                """), translated.config());
        assertEquals(List.of(), notes.all());
        KernelChecks.clustersBuild(translated.config());
    }

    @Test
    void staticClusterTakesItsHostsFromTheLoadAssignment() throws Exception {
        Cluster cluster = XdsTestResources.staticCluster("static-backend", "10.0.0.1:8080", "10.0.0.2:8080");

        ClusterTranslator.TranslatedCluster translated = ClusterTranslator.translate(cluster, notes);

        assertNull(translated.edsServiceName());
        assertNull(translated.upstreamProtocol());
        assertEquals(List.of(json("{\"address\": \"10.0.0.1:8080\"}"), json("{\"address\": \"10.0.0.2:8080\"}")),
                translated.hosts());
        assertEquals("250ms", translated.config().get("connect_timeout").asText());
        ObjectNode whole = translated.config().deepCopy();
        whole.putArray("hosts").addAll(translated.hosts());
        KernelChecks.clustersBuild(whole);
    }

    @ParameterizedTest
    @CsvSource({"ROUND_ROBIN, LB_ROUNDROBIN", "LEAST_REQUEST, LB_LEAST_REQUEST", "RANDOM, LB_RANDOM",
            "RING_HASH, LB_RING_HASH", "MAGLEV, LB_MAGLEV"})
    void lbPoliciesMapToMosnLbTypes(Cluster.LbPolicy policy, String lbType) throws Exception {
        Cluster cluster = XdsTestResources.edsCluster("c").toBuilder().setLbPolicy(policy).build();

        ObjectNode config = ClusterTranslator.translate(cluster, notes).config();

        assertEquals(lbType, config.get("lb_type").asText());
        KernelChecks.clustersBuild(config);
    }

    @Test
    void dnsClustersCannotBeServed() {
        Cluster cluster = XdsTestResources.staticCluster("dns", "10.0.0.1:80").toBuilder()
                .setType(Cluster.DiscoveryType.STRICT_DNS).build();

        XdsTranslationException e = assertThrows(XdsTranslationException.class,
                () -> ClusterTranslator.translate(cluster, notes));

        assertEquals("cluster \"dns\": type: cluster type STRICT_DNS is not supported (supported: STATIC, EDS)",
                e.getMessage());
    }

    @Test
    void upstreamTlsIsRefusedRatherThanSentInPlaintext() {
        Cluster cluster = XdsTestResources.edsCluster("secure").toBuilder()
                .setTransportSocket(TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
                        .setTypedConfig(Any.pack(UpstreamTlsContext.newBuilder().setSni("secure.local").build())))
                .build();

        XdsTranslationException e = assertThrows(XdsTranslationException.class,
                () -> ClusterTranslator.translate(cluster, notes));

        assertTrue(e.getMessage().startsWith("cluster \"secure\": transport_socket: transport socket "
                + "\"envoy.transport_sockets.tls\" is not supported"), e.getMessage());
    }

    @Test
    void fieldsLeftOutAreNotedWithTheirPath() throws Exception {
        Cluster cluster = XdsTestResources.edsCluster("c").toBuilder()
                .setOutlierDetection(OutlierDetection.newBuilder().setConsecutive5Xx(UInt32Value.of(5)))
                .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED)
                .addHealthChecks(HealthCheck.newBuilder().setGrpcHealthCheck(HealthCheck.GrpcHealthCheck.newBuilder()))
                .build();

        ObjectNode config = ClusterTranslator.translate(cluster, notes).config();

        assertEquals("LB_ROUNDROBIN", config.get("lb_type").asText());
        assertEquals(List.of(
                "cluster \"c\": outlier_detection is not translated",
                "cluster \"c\": lb_policy is not translated (lb_policy CLUSTER_PROVIDED is not supported; "
                        + "LB_ROUNDROBIN is used)",
                "cluster \"c\": health_checks[0] is not translated (only HTTP and TCP health checks are supported)"),
                notes.all().stream().map(TranslationNotes.Note::message).toList());
        assertEquals("cluster:health_checks[]", notes.all().get(2).key());
    }

    static JsonNode json(String text) throws Exception {
        return ConfigBinder.INSTANCE.mapper().readTree(text);
    }
}
