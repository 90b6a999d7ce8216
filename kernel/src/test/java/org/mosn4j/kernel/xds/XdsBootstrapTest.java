package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.spi.config.ConfigException;

class XdsBootstrapTest {

    /** MOSN's xDS bootstrap, as in its Istio integration. */
    private static final String BOOTSTRAP = """
            {
              "node": {"id": "sidecar~10.0.0.5~productpage-v1.default~default.svc.cluster.local",
                       "cluster": "productpage.default",
                       "metadata": {"ISTIO_VERSION": "1.20.0", "LABELS": {"app": "productpage"}}},
              "dynamic_resources": {
                "ads_config": {"api_type": "GRPC", "transport_api_version": "V3",
                               "grpc_services": [{"envoy_grpc": {"cluster_name": "xds-grpc"}}]},
                "lds_config": {"ads": {}, "resource_api_version": "V3"},
                "cds_config": {"ads": {}, "resource_api_version": "V3", "initial_fetch_timeout": "20s"}
              },
              "static_resources": {
                "clusters": [{
                  "name": "xds-grpc", "type": "STATIC", "connect_timeout": "1s",
                  "load_assignment": {"cluster_name": "xds-grpc", "endpoints": [{"lb_endpoints": [
                    {"endpoint": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 15010}}}}]}]},
                  "http2_protocol_options": {}
                }]
              }
            }
            """;

    @Test
    void readsTheEnvoyShapedBootstrap() throws Exception {
        XdsSettings settings = XdsBootstrap.settings(config(BOOTSTRAP));

        assertEquals("sidecar~10.0.0.5~productpage-v1.default~default.svc.cluster.local", settings.node().getId());
        assertEquals("productpage.default", settings.node().getCluster());
        assertEquals("1.20.0", settings.node().getMetadata().getFieldsOrThrow("ISTIO_VERSION").getStringValue());
        assertEquals("productpage", settings.node().getMetadata().getFieldsOrThrow("LABELS").getStructValue()
                .getFieldsOrThrow("app").getStringValue());
        assertEquals("mosn4j", settings.node().getUserAgentName());
        assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 15010)), settings.controlPlane());
        assertEquals(Duration.ofSeconds(1), settings.connectTimeout());
        assertTrue(settings.clusters());
        assertTrue(settings.listeners());
        assertFalse(settings.nodeOnFirstMessageOnly());
        assertEquals(Duration.ofSeconds(20), settings.initialFetchTimeout());
        assertEquals(XdsSettings.DEFAULT_BACKOFF, settings.backoff());
    }

    @Test
    void googleGrpcTargetAndClustersOnly() throws Exception {
        XdsSettings settings = XdsBootstrap.settings(config("""
                {"dynamic_resources": {
                   "ads_config": {"api_type": "GRPC", "set_node_on_first_message_only": true,
                                  "grpc_services": [{"google_grpc": {"target_uri": "istiod.istio-system.svc:15010",
                                                                     "stat_prefix": "ads"}}]},
                   "cds_config": {"ads": {}}}}
                """));

        assertEquals(List.of(InetSocketAddress.createUnresolved("istiod.istio-system.svc", 15010)),
                settings.controlPlane());
        assertTrue(settings.clusters());
        assertFalse(settings.listeners());
        assertTrue(settings.nodeOnFirstMessageOnly());
        assertEquals(XdsSettings.DEFAULT_INITIAL_FETCH_TIMEOUT, settings.initialFetchTimeout());
    }

    @Test
    void noDynamicResourcesMeansNoClient() throws Exception {
        assertNull(XdsBootstrap.settings(config("{\"servers\": []}")));
        assertNull(XdsBootstrap.start(config("{}"), null));
    }

    @Test
    void onlyAdsOverGrpcIsSupported() throws Exception {
        String bootstrap = BOOTSTRAP
                .replace("\"api_type\": \"GRPC\"", "\"api_type\": \"DELTA_GRPC\"")
                .replace("\"transport_api_version\": \"V3\"", "\"transport_api_version\": \"V2\"")
                .replace("\"lds_config\": {\"ads\": {}, \"resource_api_version\": \"V3\"}",
                        "\"lds_config\": {\"api_config_source\": {\"api_type\": \"GRPC\"}}")
                .replace("\"cds_config\": {\"ads\": {},", "\"cds_config\": {");

        assertEquals(List.of(
                "dynamic_resources.cds_config.ads: expected {} (resources over the ADS stream), got nothing; only "
                        + "{\"ads\": {}} is supported (resources over the ADS stream of dynamic_resources.ads_config)",
                "dynamic_resources.lds_config.api_config_source: api_config_source is not supported; only "
                        + "{\"ads\": {}} is supported (resources over the ADS stream of dynamic_resources.ads_config)",
                "dynamic_resources.ads_config.api_type: api_type \"DELTA_GRPC\" is not supported; only ADS over gRPC "
                        + "is supported: {\"api_type\": \"GRPC\", \"transport_api_version\": \"V3\", \"grpc_services\": "
                        + "[{\"envoy_grpc\": {\"cluster_name\": ...}}]}",
                "dynamic_resources.ads_config.transport_api_version: transport_api_version \"V2\" is not supported "
                        + "(supported: V3)"),
                problems(bootstrap));
    }

    @Test
    void theControlPlaneMustBeAPlaintextClusterOfStaticResources() throws Exception {
        assertEquals(List.of("dynamic_resources.ads_config.grpc_services[0].envoy_grpc.cluster_name: cluster "
                + "\"istiod\" is not defined in static_resources.clusters (defined: xds-grpc)"),
                problems(BOOTSTRAP.replace("{\"cluster_name\": \"xds-grpc\"}", "{\"cluster_name\": \"istiod\"}")));
        assertEquals(List.of("static_resources.clusters[0].transport_socket: TLS to the control plane is not "
                + "supported; remove transport_socket and reach the control plane in plaintext"),
                problems(BOOTSTRAP.replace("\"http2_protocol_options\": {}",
                        "\"transport_socket\": {\"name\": \"envoy.transport_sockets.tls\"}")));
        assertEquals(List.of("static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[0].endpoint"
                + ".address.socket_address.port_value: expected a port from 1 to 65535, got 0"),
                problems(BOOTSTRAP.replace("15010", "0")));
        assertEquals(List.of("static_resources.clusters[0].connect_timeout: invalid duration \"soon\" (expected a Go "
                + "duration such as \"30s\", \"500ms\" or \"1m30s\")"),
                problems(BOOTSTRAP.replace("\"1s\"", "\"soon\"")));
        assertEquals(List.of("dynamic_resources.ads_config.grpc_services: expected exactly one gRPC service, the "
                + "control plane, got 0"),
                problems(BOOTSTRAP.replace("[{\"envoy_grpc\": {\"cluster_name\": \"xds-grpc\"}}]", "[]")));
    }

    @Test
    void somethingMustBeSubscribed() throws Exception {
        assertEquals(List.of("dynamic_resources: neither lds_config nor cds_config is set, so there is nothing to "
                + "subscribe to; add \"cds_config\": {\"ads\": {}} and \"lds_config\": {\"ads\": {}}"),
                problems("""
                        {"dynamic_resources": {"ads_config": {"api_type": "GRPC",
                          "grpc_services": [{"google_grpc": {"target_uri": "127.0.0.1:15010"}}]}}}
                        """));
    }

    private static List<String> problems(String json) throws Exception {
        MosnConfig config = config(json);
        return assertThrows(InvalidConfigException.class, () -> XdsBootstrap.settings(config)).problems().stream()
                .map(ConfigException::getMessage).toList();
    }

    private static MosnConfig config(String json) throws InvalidConfigException {
        return ConfigLoader.parse(json, null).config();
    }
}
