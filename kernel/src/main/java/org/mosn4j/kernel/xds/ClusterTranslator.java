package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates an Envoy {@code Cluster} into a MOSN {@code cluster_manager.clusters[]} entry.
 *
 * <p>{@code STATIC} and {@code EDS} clusters become {@code SIMPLE} ones: a static cluster's hosts come from its
 * {@code load_assignment}, an EDS cluster's from the {@code ClusterLoadAssignment} named by
 * {@code eds_cluster_config.service_name} (or the cluster's name). Other discovery types cannot be served and are a
 * translation error, as is a {@code transport_socket} other than raw_buffer (TLS to upstreams is not translated, and
 * sending plaintext instead would be wrong). Translated: {@code lb_policy} (ROUND_ROBIN, LEAST_REQUEST, RANDOM,
 * RING_HASH, MAGLEV), {@code connect_timeout}, {@code per_connection_buffer_limit_bytes}, {@code circuit_breakers},
 * the first HTTP or TCP {@code health_checks} entry, {@code lb_subset_config}, max requests per connection and idle
 * timeout, and the upstream HTTP version when the cluster names one (routes to it then set
 * {@code upstream_protocol}). Anything else is noted and left out.
 */
final class ClusterTranslator {

    /** The resource kind, as named in messages. */
    static final String KIND = "cluster";

    private static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    private static final String RAW_BUFFER = "envoy.transport_sockets.raw_buffer";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> CLUSTER_FIELDS = Set.of("name", "type", "eds_cluster_config", "connect_timeout",
            "lb_policy", "load_assignment", "health_checks", "circuit_breakers", "http_protocol_options",
            "http2_protocol_options", "typed_extension_protocol_options", "transport_socket",
            "per_connection_buffer_limit_bytes", "max_requests_per_connection", "common_http_protocol_options",
            "lb_subset_config", "alt_stat_name");
    private static final Set<String> THRESHOLD_FIELDS = Set.of("priority", "max_connections", "max_pending_requests",
            "max_requests", "max_retries");
    private static final Set<String> SUBSET_FIELDS = Set.of("fallback_policy", "default_subset", "subset_selectors");

    /**
     * A translated cluster.
     *
     * @param name the cluster's name
     * @param config the MOSN cluster without {@code hosts}
     * @param edsServiceName the EDS resource that holds its hosts, or null for a static cluster
     * @param hosts a static cluster's hosts; empty for an EDS cluster
     * @param upstreamProtocol {@code "Http1"} or {@code "Http2"} when the cluster names its HTTP version, else null
     */
    record TranslatedCluster(String name, ObjectNode config, String edsServiceName, List<ObjectNode> hosts,
            String upstreamProtocol) {

        TranslatedCluster {
            hosts = List.copyOf(hosts);
        }
    }

    private ClusterTranslator() {
    }

    /**
     * @throws XdsTranslationException when the cluster cannot work in mosn4j
     */
    static TranslatedCluster translate(Cluster cluster, TranslationNotes notes) throws XdsTranslationException {
        String name = cluster.getName();
        Site site = new Site(KIND, name, notes);
        if (name.isEmpty()) {
            throw site.error("name", "expected a cluster name, got nothing");
        }
        site.unhandled("", cluster, CLUSTER_FIELDS);
        checkTransportSocket(cluster, site);
        ObjectNode config = JSON.objectNode();
        config.put("name", name);
        config.put("type", "SIMPLE");
        config.put("lb_type", lbType(cluster, site));
        if (cluster.hasConnectTimeout()) {
            config.put("connect_timeout", ProtoValues.goDuration(cluster.getConnectTimeout()));
        }
        if (cluster.hasPerConnectionBufferLimitBytes()) {
            config.put("conn_buffer_limit_bytes", cluster.getPerConnectionBufferLimitBytes().getValue());
        }
        HttpOptions http = httpOptions(cluster, site);
        if (http.common() != null) {
            if (http.common().hasMaxRequestsPerConnection()) {
                config.put("max_request_per_conn", http.common().getMaxRequestsPerConnection().getValue());
            }
            if (http.common().hasIdleTimeout()) {
                config.put("idle_timeout", ProtoValues.goDuration(http.common().getIdleTimeout()));
            }
        }
        if (cluster.hasCircuitBreakers()) {
            config.set("circuit_breakers", circuitBreakers(cluster.getCircuitBreakers(), site));
        }
        ObjectNode healthCheck = HealthCheckTranslator.translate(cluster.getHealthChecksList(), site);
        if (healthCheck != null) {
            config.set("health_check", healthCheck);
        }
        if (cluster.hasLbSubsetConfig()) {
            config.set("lb_subset_config", subsets(cluster.getLbSubsetConfig(), site));
        }
        return switch (cluster.getClusterDiscoveryTypeCase() == Cluster.ClusterDiscoveryTypeCase.CLUSTER_TYPE
                ? Cluster.DiscoveryType.UNRECOGNIZED : cluster.getType()) {
            case STATIC -> new TranslatedCluster(name, config, null, EndpointTranslator.hosts(cluster.getLoadAssignment(), site,
                    "load_assignment"), http.upstreamProtocol());
            case EDS -> {
                String service = cluster.getEdsClusterConfig().getServiceName();
                if (cluster.hasLoadAssignment()) {
                    site.ignored("load_assignment", "an EDS cluster's hosts come from EDS");
                }
                yield new TranslatedCluster(name, config, service.isEmpty() ? name : service, List.of(),
                        http.upstreamProtocol());
            }
            default -> throw site.error(cluster.hasClusterType() ? "cluster_type" : "type",
                    "cluster type " + (cluster.hasClusterType() ? "\"" + cluster.getClusterType().getName() + "\""
                    : cluster.getType().name()) + " is not supported (supported: STATIC, EDS)");
        };
    }

    private static String lbType(Cluster cluster, Site site) {
        return switch (cluster.getLbPolicy()) {
            case LEAST_REQUEST -> "LB_LEAST_REQUEST";
            case RANDOM -> "LB_RANDOM";
            case RING_HASH -> "LB_RING_HASH";
            case MAGLEV -> "LB_MAGLEV";
            case ROUND_ROBIN -> "LB_ROUNDROBIN";
            default -> {
                site.ignored("lb_policy", "lb_policy " + cluster.getLbPolicy()
                        + " is not supported; LB_ROUNDROBIN is used");
                yield "LB_ROUNDROBIN";
            }
        };
    }

    private static void checkTransportSocket(Cluster cluster, Site site) throws XdsTranslationException {
        if (cluster.getTransportSocketMatchesCount() > 0) {
            throw site.error("transport_socket_matches",
                    "transport sockets per endpoint are not supported");
        }
        if (cluster.hasTransportSocket()) {
            var socket = cluster.getTransportSocket();
            boolean raw = socket.getName().equals(RAW_BUFFER) || socket.getTypedConfig().getTypeUrl()
                    .endsWith("envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer");
            if (!raw) {
                throw site.error("transport_socket", "transport socket \""
                        + socket.getName() + "\" is not supported; upstream TLS cannot be configured through xDS "
                        + "(supported: " + RAW_BUFFER + ")");
            }
        }
    }

    /** The cluster's HTTP settings, from the typed protocol options or the older fields. */
    private record HttpOptions(HttpProtocolOptions common, String upstreamProtocol) {
    }

    @SuppressWarnings("deprecation")
    private static HttpOptions httpOptions(Cluster cluster, Site site) throws XdsTranslationException {
        HttpProtocolOptions common = cluster.hasCommonHttpProtocolOptions() ? cluster.getCommonHttpProtocolOptions()
                : null;
        String protocol = cluster.hasHttp2ProtocolOptions() ? "Http2" : cluster.hasHttpProtocolOptions() ? "Http1" : null;
        if (cluster.hasMaxRequestsPerConnection()) {
            common = (common == null ? HttpProtocolOptions.newBuilder() : common.toBuilder())
                    .setMaxRequestsPerConnection(cluster.getMaxRequestsPerConnection()).build();
        }
        for (Map.Entry<String, Any> entry : cluster.getTypedExtensionProtocolOptionsMap().entrySet()) {
            String field = "typed_extension_protocol_options[\"" + entry.getKey() + "\"]";
            if (!entry.getKey().equals(HTTP_PROTOCOL_OPTIONS)) {
                site.ignored(field, null);
                continue;
            }
            io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions options;
            try {
                options = entry.getValue().unpack(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.class);
            } catch (InvalidProtocolBufferException e) {
                throw site.error(field, "expected " + HTTP_PROTOCOL_OPTIONS
                        + ", got " + entry.getValue().getTypeUrl());
            }
            if (options.hasCommonHttpProtocolOptions()) {
                common = options.getCommonHttpProtocolOptions();
            }
            if (options.hasExplicitHttpConfig()) {
                var explicit = options.getExplicitHttpConfig();
                if (explicit.hasHttp2ProtocolOptions()) {
                    protocol = "Http2";
                } else if (explicit.hasHttpProtocolOptions()) {
                    protocol = "Http1";
                } else {
                    site.ignored(field + ".explicit_http_config", "HTTP/3 is not supported; "
                            + "the upstream protocol follows the downstream one");
                }
            } else if (options.hasAutoConfig()) {
                site.ignored(field + ".auto_config", "the upstream protocol follows the "
                        + "downstream one");
            }
        }
        if (common != null) {
            site.unhandled("common_http_protocol_options", common,
                    Set.of("idle_timeout", "max_requests_per_connection"));
        }
        return new HttpOptions(common, protocol);
    }

    private static ArrayNode circuitBreakers(CircuitBreakers breakers, Site site) {
        ArrayNode list = JSON.arrayNode();
        site.unhandled("circuit_breakers", breakers, Set.of("thresholds"));
        for (int i = 0; i < breakers.getThresholdsCount(); i++) {
            CircuitBreakers.Thresholds thresholds = breakers.getThresholds(i);
            site.unhandled("circuit_breakers.thresholds[" + i + "]", thresholds, THRESHOLD_FIELDS);
            ObjectNode entry = list.addObject();
            entry.put("priority", thresholds.getPriority() == RoutingPriority.HIGH ? "high" : "default");
            if (thresholds.hasMaxConnections()) {
                entry.put("max_connections", thresholds.getMaxConnections().getValue());
            }
            if (thresholds.hasMaxPendingRequests()) {
                entry.put("max_pending_requests", thresholds.getMaxPendingRequests().getValue());
            }
            if (thresholds.hasMaxRequests()) {
                entry.put("max_requests", thresholds.getMaxRequests().getValue());
            }
            if (thresholds.hasMaxRetries()) {
                entry.put("max_retries", thresholds.getMaxRetries().getValue());
            }
        }
        return list;
    }

    private static ObjectNode subsets(Cluster.LbSubsetConfig subsets, Site site) {
        site.unhandled("lb_subset_config", subsets, SUBSET_FIELDS);
        ObjectNode out = JSON.objectNode();
        out.put("fall_back_policy", switch (subsets.getFallbackPolicy()) {
            case ANY_ENDPOINT -> 1;
            case DEFAULT_SUBSET -> 2;
            default -> 0;
        });
        ObjectNode defaults = out.putObject("default_subset");
        ProtoValues.json(subsets.getDefaultSubset()).properties()
                .forEach(e -> defaults.put(e.getKey(), e.getValue().asText()));
        ArrayNode selectors = out.putArray("subset_selectors");
        for (int i = 0; i < subsets.getSubsetSelectorsCount(); i++) {
            var selector = subsets.getSubsetSelectors(i);
            site.unhandled("lb_subset_config.subset_selectors[" + i + "]", selector, Set.of("keys"));
            ArrayNode keys = selectors.addArray();
            selector.getKeysList().forEach(keys::add);
        }
        return out;
    }
}
