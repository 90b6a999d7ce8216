package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * The parts of the config's {@code static_resources} (Envoy v3's bootstrap shape) that the xDS client reads: the
 * clusters that name where the control plane is. Other keys are kept as written and not used.
 *
 * @param clusters the bootstrap clusters
 */
record StaticResourcesConfig(List<Cluster> clusters) {

    StaticResourcesConfig {
        clusters = ConfigBinder.orEmpty(clusters);
    }

    /**
     * A bootstrap cluster.
     *
     * @param name what {@code envoy_grpc.cluster_name} refers to
     * @param type {@code STATIC}, {@code STRICT_DNS} or {@code LOGICAL_DNS} (host names are resolved at each connect)
     * @param connectTimeout the connect timeout to the control plane
     * @param loadAssignment the control plane's addresses
     * @param transportSocket TLS to the control plane; refused
     */
    record Cluster(String name, String type, Duration connectTimeout, LoadAssignment loadAssignment,
            JsonNode transportSocket) {
    }

    /** {@code load_assignment}. */
    record LoadAssignment(String clusterName, List<LocalityEndpoints> endpoints) {
        LoadAssignment {
            endpoints = ConfigBinder.orEmpty(endpoints);
        }
    }

    /** One {@code endpoints} entry. */
    record LocalityEndpoints(List<LbEndpoint> lbEndpoints) {
        LocalityEndpoints {
            lbEndpoints = ConfigBinder.orEmpty(lbEndpoints);
        }
    }

    /** One {@code lb_endpoints} entry. */
    record LbEndpoint(Endpoint endpoint) {
    }

    /** {@code endpoint}. */
    record Endpoint(Address address) {
    }

    /** {@code address}. */
    record Address(SocketAddress socketAddress) {
    }

    /** {@code socket_address}: an IP address or host name and a port. */
    record SocketAddress(String address, Integer portValue) {
    }
}
