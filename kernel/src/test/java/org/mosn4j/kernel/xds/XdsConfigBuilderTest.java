package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.xds.XdsClusterTranslatorTest.json;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.dynamic.ConfigChange;

/** Building the xDS part of the config from accepted resources, and the change between two of them. */
class XdsConfigBuilderTest {

    private final TranslationNotes notes = new TranslationNotes();

    @Test
    void aListenerWaitsForItsRouteConfigAndTheRunningVersionStaysMeanwhile() throws Exception {
        XdsResources v1 = XdsResources.EMPTY
                .withResponse(ResourceType.CLUSTER, named(ResourceType.CLUSTER, XdsTestResources.edsCluster("backend")),
                        Set.of())
                .withResponse(ResourceType.ENDPOINT, named(ResourceType.ENDPOINT,
                        XdsTestResources.endpoints("backend", "10.0.0.1:80")), Set.of("backend"))
                .withResponse(ResourceType.LISTENER, named(ResourceType.LISTENER,
                        XdsTestResources.httpListener("ingress", 80, "routes-v1")), Set.of())
                .withResponse(ResourceType.ROUTE, named(ResourceType.ROUTE,
                        XdsTestResources.routes("routes-v1", "backend")), Set.of("routes-v1"));
        XdsConfig running = build(v1, XdsConfig.EMPTY);
        assertTrue(running.whole(), running.waiting().toString());

        XdsResources v2 = v1.withResponse(ResourceType.LISTENER, named(ResourceType.LISTENER,
                XdsTestResources.httpListener("ingress", 80, "routes-v2")), Set.of());
        XdsConfig waiting = build(v2, running);

        assertEquals(List.of("listener \"ingress\" waits for route config \"routes-v2\" (RDS)"), waiting.waiting());
        assertEquals(running.listeners(), waiting.listeners());
        assertEquals(Set.of("routes-v2", "routes-v1"), waiting.routeNames());
        assertTrue(ChangePlanner.plan(running, waiting).isEmpty());

        XdsResources v3 = v2.withResponse(ResourceType.ROUTE, named(ResourceType.ROUTE,
                XdsTestResources.routes("routes-v2", "backend")), Set.of("routes-v1", "routes-v2"));
        XdsConfig ready = build(v3, waiting);
        ConfigChange change = ChangePlanner.plan(running, ready);

        assertTrue(ready.whole());
        assertEquals(Set.of("routes-v2"), ready.routeNames());
        assertEquals(List.of("routes-v2"), change.routers().stream().map(r -> r.get("router_config_name").asText())
                .toList());
        assertEquals(List.of("routes-v1"), change.removedRouters());
        assertEquals(List.of("ingress"), change.listeners().stream().map(l -> l.get("name").asText()).toList());
    }

    @Test
    void routesToAnHttp2ClusterSayTheirUpstreamProtocol() throws Exception {
        Cluster h2 = XdsTestResources.staticCluster("grpc-backend", "10.0.0.1:50051").toBuilder()
                .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()).build();
        XdsResources resources = XdsResources.EMPTY
                .withResponse(ResourceType.CLUSTER, named(ResourceType.CLUSTER, h2), Set.of())
                .withResponse(ResourceType.LISTENER, named(ResourceType.LISTENER,
                        XdsTestResources.inlineRoutesListener("grpc", 9090, XdsTestResources.routes("",
                                "grpc-backend"))), Set.of());

        XdsConfig config = build(resources, XdsConfig.EMPTY);

        assertEquals(json("{\"cluster_name\": \"grpc-backend\", \"upstream_protocol\": \"Http2\", \"timeout\": \"15s\"}"),
                config.routers().get("grpc/inline_route").at("/virtual_hosts/0/routers/0/route"));
    }

    @Test
    void aTcpProxyListenerWaitsForItsCluster() throws Exception {
        XdsResources resources = XdsResources.EMPTY
                .withResponse(ResourceType.CLUSTER, Map.of(), Set.of())
                .withResponse(ResourceType.LISTENER, named(ResourceType.LISTENER,
                        XdsTestResources.tcpListener("db", 5432, "postgres")), Set.of());

        assertEquals(List.of("listener \"db\" waits for cluster \"postgres\""),
                build(resources, XdsConfig.EMPTY).waiting());
        assertTrue(XdsConfigBuilder.build(resources, XdsConfig.EMPTY, new ForeignNames(Set.of(), Set.of("postgres"),
                Set.of()), null, true, true, notes).whole());
    }

    @Test
    void namesOfTheConfigFileAreNotTaken() throws Exception {
        XdsResources resources = XdsResources.EMPTY
                .withResponse(ResourceType.LISTENER, named(ResourceType.LISTENER,
                        XdsTestResources.httpListener("static-listener", 80, "r")), Set.of());
        ForeignNames foreign = ForeignNames.of(json("""
                {"servers": [{"listeners": [{"name": "static-listener"}]}]}"""), XdsConfig.EMPTY);

        XdsTranslationException e = assertThrows(XdsTranslationException.class, () -> XdsConfigBuilder.build(
                resources, XdsConfig.EMPTY, foreign, ResourceType.LISTENER, false, true, notes));

        assertEquals("listener \"static-listener\": a listener of this name is defined in the config file or through "
                + "the admin API, and xDS resources never replace those; rename one of them", e.getMessage());
    }

    private XdsConfig build(XdsResources resources, XdsConfig applied) throws XdsTranslationException {
        return XdsConfigBuilder.build(resources, applied, ForeignNames.NONE, null, true, true, notes);
    }

    private static Map<String, Message> named(ResourceType type, Message... resources) {
        Map<String, Message> named = new LinkedHashMap<>();
        for (Message resource : resources) {
            named.put(type.nameOf(resource), resource);
        }
        return named;
    }
}
