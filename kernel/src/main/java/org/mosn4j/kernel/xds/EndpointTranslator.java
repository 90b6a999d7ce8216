package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mosn4j.kernel.config.SocketAddresses;
import org.mosn4j.spi.config.ConfigException;

/**
 * Translates a {@code ClusterLoadAssignment} (from EDS, or a cluster's {@code load_assignment}) into a MOSN host list:
 * {@code [{"address": "ip:port", "hostname": ..., "weight": ..., "metadata": {"filter_metadata": {"mosn.lb": {...}}}}]}.
 *
 * <p>Endpoints whose {@code health_status} is UNHEALTHY, DRAINING or TIMEOUT are left out. Only the localities of
 * the lowest {@code priority} present are used (mosn4j has no priority failover). Weights above mosn4j's 128 are
 * lowered to 128, as MOSN does. The endpoint metadata under {@code envoy.lb} becomes MOSN's {@code mosn.lb}, which
 * subset load balancing reads.
 */
final class EndpointTranslator {

    /** The resource kind, as named in messages. */
    static final String KIND = "cluster_load_assignment";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_WEIGHT = 128;
    private static final Set<HealthStatus> LEFT_OUT = Set.of(HealthStatus.UNHEALTHY, HealthStatus.DRAINING,
            HealthStatus.TIMEOUT);
    private static final Set<String> ASSIGNMENT_FIELDS = Set.of("cluster_name", "endpoints");
    private static final Set<String> LOCALITY_FIELDS = Set.of("lb_endpoints", "priority", "locality");
    private static final Set<String> LB_ENDPOINT_FIELDS = Set.of("endpoint", "health_status", "metadata",
            "load_balancing_weight");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("address", "hostname");

    private EndpointTranslator() {
    }

    /**
     * Translates an EDS resource.
     *
     * @return the hosts, in the order of the assignment
     * @throws XdsTranslationException when an endpoint has no usable address
     */
    static List<ObjectNode> translate(ClusterLoadAssignment assignment, TranslationNotes notes)
            throws XdsTranslationException {
        return hosts(assignment, new Site(KIND, assignment.getClusterName(), notes), "");
    }

    /**
     * Translates an assignment that is part of another resource (a cluster's {@code load_assignment}).
     *
     * @param site the resource holding it
     * @param prefix the assignment's path inside that resource, empty for an EDS resource
     */
    static List<ObjectNode> hosts(ClusterLoadAssignment assignment, Site site, String prefix)
            throws XdsTranslationException {
        site.unhandled(prefix, assignment, ASSIGNMENT_FIELDS);
        int priority = assignment.getEndpointsList().stream().mapToInt(LocalityLbEndpoints::getPriority).min().orElse(0);
        List<ObjectNode> hosts = new ArrayList<>();
        for (int l = 0; l < assignment.getEndpointsCount(); l++) {
            LocalityLbEndpoints locality = assignment.getEndpoints(l);
            String localityPath = Site.join(prefix, "endpoints[" + l + "]");
            if (locality.getPriority() != priority) {
                site.ignored(localityPath, "priority " + locality.getPriority()
                        + " endpoints are left out: only the lowest priority present, " + priority + ", is used");
                continue;
            }
            site.unhandled(localityPath, locality, LOCALITY_FIELDS);
            for (int e = 0; e < locality.getLbEndpointsCount(); e++) {
                ObjectNode host = host(locality.getLbEndpoints(e), site, localityPath + ".lb_endpoints[" + e + "]");
                if (host != null) {
                    hosts.add(host);
                }
            }
        }
        return hosts;
    }

    private static ObjectNode host(LbEndpoint lbEndpoint, Site site, String path) throws XdsTranslationException {
        if (LEFT_OUT.contains(lbEndpoint.getHealthStatus())) {
            return null;
        }
        site.unhandled(path, lbEndpoint, LB_ENDPOINT_FIELDS);
        if (!lbEndpoint.hasEndpoint()) {
            throw site.error(path + ".endpoint", "expected an endpoint with an address, got nothing");
        }
        site.unhandled(path + ".endpoint", lbEndpoint.getEndpoint(), ENDPOINT_FIELDS);
        Address address = lbEndpoint.getEndpoint().getAddress();
        ObjectNode host = JSON.objectNode();
        host.put("address", address(address, site, path + ".endpoint.address"));
        if (address.getSocketAddress().getPortValue() == 0) {
            throw site.error(path + ".endpoint.address.socket_address.port_value",
                    "an upstream host needs a port from 1 to 65535, got 0");
        }
        if (!lbEndpoint.getEndpoint().getHostname().isEmpty()) {
            host.put("hostname", lbEndpoint.getEndpoint().getHostname());
        }
        if (lbEndpoint.hasLoadBalancingWeight()) {
            int weight = lbEndpoint.getLoadBalancingWeight().getValue();
            if (weight > MAX_WEIGHT) {
                site.ignored(path + ".load_balancing_weight", "weights above " + MAX_WEIGHT
                        + " are lowered to " + MAX_WEIGHT);
                weight = MAX_WEIGHT;
            }
            host.put("weight", Math.max(1, weight));
        }
        Struct lb = lbEndpoint.getMetadata().getFilterMetadataOrDefault("envoy.lb", null);
        if (lb != null) {
            host.set("metadata", JSON.objectNode().set("filter_metadata",
                    JSON.objectNode().set("mosn.lb", ProtoValues.json(lb))));
        }
        for (String key : lbEndpoint.getMetadata().getFilterMetadataMap().keySet()) {
            if (!key.equals("envoy.lb")) {
                site.ignored(path + ".metadata.filter_metadata." + key, "only envoy.lb is used");
            }
        }
        return host;
    }

    /**
     * @return an {@code Address}'s socket address as MOSN's {@code "ip:port"}
     * @throws XdsTranslationException when it is not an IP socket address with a port
     */
    static String address(Address address, Site site, String path) throws XdsTranslationException {
        if (!address.hasSocketAddress()) {
            throw site.error(path, "expected a socket_address, got "
                    + (address.hasPipe() ? "a pipe" : address.getAddressCase() == Address.AddressCase.ADDRESS_NOT_SET
                    ? "nothing" : address.getAddressCase().name().toLowerCase()));
        }
        SocketAddress socket = address.getSocketAddress();
        String at = path + ".socket_address";
        if (socket.getProtocol() != SocketAddress.Protocol.TCP) {
            throw site.error(at + ".protocol", "only TCP is supported, got "
                    + socket.getProtocol());
        }
        if (socket.getPortSpecifierCase() != SocketAddress.PortSpecifierCase.PORT_VALUE) {
            throw site.error(at + ".port_value", "expected a port number"
                    + (socket.getPortSpecifierCase() == SocketAddress.PortSpecifierCase.NAMED_PORT
                    ? ", got the named port \"" + socket.getNamedPort() + "\"" : ", got nothing"));
        }
        String host = socket.getAddress();
        String text = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + socket.getPortValue();
        try {
            SocketAddresses.parse(text, at);
        } catch (ConfigException e) {
            throw site.error(at, e.problem());
        }
        return text;
    }
}
