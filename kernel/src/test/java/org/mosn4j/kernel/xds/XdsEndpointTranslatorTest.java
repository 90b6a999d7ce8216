package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mosn4j.kernel.xds.XdsClusterTranslatorTest.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdsEndpointTranslatorTest {

    private final TranslationNotes notes = new TranslationNotes();

    @Test
    void endpointsBecomeHostsWithWeightsAndSubsetMetadata() throws Exception {
        ClusterLoadAssignment assignment = ClusterLoadAssignment.newBuilder()
                .setClusterName("reviews")
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(XdsTestResources.weighted("10.1.0.1:9080", 3, "v1"))
                        .addLbEndpoints(XdsTestResources.endpoint("10.1.0.2:9080").toBuilder()
                                .setEndpoint(Endpoint.newBuilder()
                                        .setAddress(XdsTestResources.address("10.1.0.2", 9080))
                                        .setHostname("reviews-2.local")))
                        .addLbEndpoints(XdsTestResources.endpoint("[fd00::3]:9080").toBuilder()
                                .setEndpoint(Endpoint.newBuilder()
                                        .setAddress(XdsTestResources.address("fd00::3", 9080)))))
                .build();

        List<ObjectNode> hosts = EndpointTranslator.translate(assignment, notes);

        assertEquals(List.of(
                json("""
                        {"address": "10.1.0.1:9080", "weight": 3,
                         "metadata": {"filter_metadata": {"mosn.lb": {"version": "v1"}}}}"""),
                json("{\"address\": \"10.1.0.2:9080\", \"hostname\": \"reviews-2.local\"}"),
                json("{\"address\": \"[fd00::3]:9080\"}")), hosts);
        assertEquals(List.of(), notes.all());
        ObjectNode cluster = (ObjectNode) json("{\"name\": \"reviews\", \"type\": \"SIMPLE\"}");
        cluster.putArray("hosts").addAll(hosts);
        KernelChecks.clustersBuild(cluster);
    }

    @Test
    void unhealthyDrainingAndTimedOutEndpointsAreLeftOut() throws Exception {
        ClusterLoadAssignment assignment = ClusterLoadAssignment.newBuilder()
                .setClusterName("c")
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(status(XdsTestResources.endpoint("10.0.0.1:80"), HealthStatus.UNHEALTHY))
                        .addLbEndpoints(status(XdsTestResources.endpoint("10.0.0.2:80"), HealthStatus.DRAINING))
                        .addLbEndpoints(status(XdsTestResources.endpoint("10.0.0.3:80"), HealthStatus.TIMEOUT))
                        .addLbEndpoints(status(XdsTestResources.endpoint("10.0.0.4:80"), HealthStatus.DEGRADED))
                        .addLbEndpoints(status(XdsTestResources.endpoint("10.0.0.5:80"), HealthStatus.UNKNOWN)))
                .build();

        List<ObjectNode> hosts = EndpointTranslator.translate(assignment, notes);

        assertEquals(List.of("10.0.0.4:80", "10.0.0.5:80"), hosts.stream().map(h -> h.get("address").asText()).toList());
    }

    @Test
    void onlyTheLowestPriorityIsUsedAndBigWeightsAreLowered() throws Exception {
        ClusterLoadAssignment assignment = ClusterLoadAssignment.newBuilder()
                .setClusterName("c")
                .addEndpoints(LocalityLbEndpoints.newBuilder().setPriority(1)
                        .addLbEndpoints(XdsTestResources.endpoint("10.0.9.1:80")))
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(XdsTestResources.endpoint("10.0.0.1:80").toBuilder()
                                .setLoadBalancingWeight(UInt32Value.of(1000))))
                .build();

        List<ObjectNode> hosts = EndpointTranslator.translate(assignment, notes);

        assertEquals(List.of(json("{\"address\": \"10.0.0.1:80\", \"weight\": 128}")), hosts);
        assertEquals(List.of(
                "cluster_load_assignment \"c\": endpoints[0] is not translated (priority 1 endpoints are left out: "
                        + "only the lowest priority present, 0, is used)",
                "cluster_load_assignment \"c\": endpoints[1].lb_endpoints[0].load_balancing_weight is not translated "
                        + "(weights above 128 are lowered to 128)"),
                notes.all().stream().map(TranslationNotes.Note::message).toList());
    }

    @Test
    void anEndpointWithoutAnIpAddressAndPortCannotWork() {
        assertEquals("cluster_load_assignment \"c\": endpoints[0].lb_endpoints[0].endpoint.address: expected a "
                + "socket_address, got a pipe", error(Address.newBuilder().setPipe(Pipe.newBuilder().setPath("/s"))
                .build()));
        assertEquals("cluster_load_assignment \"c\": endpoints[0].lb_endpoints[0].endpoint.address.socket_address"
                + ".port_value: expected a port number, got the named port \"http\"", error(Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder().setAddress("10.0.0.1").setNamedPort("http")).build()));
        assertEquals("cluster_load_assignment \"c\": endpoints[0].lb_endpoints[0].endpoint.address.socket_address: "
                + "\"backend.local\" in \"backend.local:80\" is not an IP address (expected a literal IPv4 address or "
                + "[IPv6] address; host names are not resolved)", error(XdsTestResources.address("backend.local", 80)));
    }

    private String error(Address address) {
        ClusterLoadAssignment assignment = ClusterLoadAssignment.newBuilder()
                .setClusterName("c")
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(address))))
                .build();
        return assertThrows(XdsTranslationException.class, () -> EndpointTranslator.translate(assignment, notes))
                .getMessage();
    }

    private static LbEndpoint status(LbEndpoint endpoint, HealthStatus status) {
        return endpoint.toBuilder().setHealthStatus(status).build();
    }
}
