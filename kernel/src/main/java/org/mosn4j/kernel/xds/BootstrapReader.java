package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mosn4j.kernel.Version;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/** Reads and checks the bootstrap ({@code node}, {@code dynamic_resources}, {@code static_resources}). */
final class BootstrapReader {

    private static final String ADS_ONLY = "only ADS over gRPC is supported: {\"api_type\": \"GRPC\", "
            + "\"transport_api_version\": \"V3\", \"grpc_services\": [{\"envoy_grpc\": {\"cluster_name\": ...}}]}";
    private static final String SOURCE_ADS_ONLY = "only {\"ads\": {}} is supported (resources over the ADS stream of "
            + "dynamic_resources.ads_config)";
    private static final Set<String> CONTROL_PLANE_CLUSTER_TYPES = Set.of("STATIC", "STRICT_DNS", "LOGICAL_DNS");

    private final ConfigProblems problems = new ConfigProblems();

    private BootstrapReader() {
    }

    /**
     * @param config the whole config
     * @return the settings, or null when the config has no {@code dynamic_resources}
     * @throws InvalidConfigException naming the JSON path of each problem
     */
    static XdsSettings read(MosnConfig config) throws InvalidConfigException {
        if (absent(config.dynamicResources())) {
            return null;
        }
        return new BootstrapReader().settings(config);
    }

    private XdsSettings settings(MosnConfig config) throws InvalidConfigException {
        DynamicResourcesConfig dynamic = bind(config.dynamicResources(), DynamicResourcesConfig.class, "dynamic_resources");
        StaticResourcesConfig statics = bind(config.staticResources(), StaticResourcesConfig.class, "static_resources");
        NodeConfig nodeConfig = bind(config.node(), NodeConfig.class, "node");
        problems.throwIfAny();

        boolean clusters = source(dynamic.cdsConfig(), "dynamic_resources.cds_config");
        boolean listeners = source(dynamic.ldsConfig(), "dynamic_resources.lds_config");
        if (!clusters && !listeners && problems.isEmpty()) {
            problems.add(new ConfigException("dynamic_resources", "neither lds_config nor cds_config is set, so there is "
                    + "nothing to subscribe to; add \"cds_config\": {\"ads\": {}} and \"lds_config\": {\"ads\": {}}"));
        }
        DynamicResourcesConfig.AdsConfig ads = dynamic.adsConfig();
        List<InetSocketAddress> controlPlane = List.of();
        Duration connectTimeout = XdsSettings.DEFAULT_CONNECT_TIMEOUT;
        if (ads == null) {
            problems.add(new ConfigException("dynamic_resources.ads_config", "expected the ADS server, got nothing; "
                    + ADS_ONLY));
        } else {
            checkAdsConfig(ads);
            if (ads.grpcServices().size() == 1) {
                DynamicResourcesConfig.GrpcService service = ads.grpcServices().get(0);
                String path = "dynamic_resources.ads_config.grpc_services[0]";
                if (service.envoyGrpc() != null) {
                    StaticResourcesConfig.Cluster cluster = controlPlaneCluster(service.envoyGrpc(), statics,
                            path + ".envoy_grpc.cluster_name");
                    if (cluster != null) {
                        controlPlane = addresses(cluster, statics);
                        connectTimeout = cluster.connectTimeout() == null || cluster.connectTimeout().isZero()
                                ? connectTimeout : cluster.connectTimeout();
                    }
                } else if (service.googleGrpc() != null) {
                    controlPlane = target(service.googleGrpc(), path + ".google_grpc");
                } else {
                    problems.add(new ConfigException(path, "expected \"envoy_grpc\": {\"cluster_name\": ...} naming a "
                            + "cluster of static_resources, or \"google_grpc\": {\"target_uri\": \"host:port\"}"));
                }
            }
        }
        problems.throwIfAny();
        return new XdsSettings(node(nodeConfig), controlPlane, connectTimeout,
                Boolean.TRUE.equals(ads.setNodeOnFirstMessageOnly()), clusters, listeners,
                initialFetchTimeout(dynamic), XdsSettings.DEFAULT_BACKOFF);
    }

    private void checkAdsConfig(DynamicResourcesConfig.AdsConfig ads) {
        String path = "dynamic_resources.ads_config";
        if (ads.apiType() == null || !ads.apiType().equalsIgnoreCase("GRPC")) {
            problems.add(new ConfigException(path + ".api_type", "api_type " + quoted(ads.apiType())
                    + " is not supported; " + ADS_ONLY));
        }
        if (ads.transportApiVersion() != null && !ads.transportApiVersion().equalsIgnoreCase("V3")) {
            problems.add(new ConfigException(path + ".transport_api_version", "transport_api_version \""
                    + ads.transportApiVersion() + "\" is not supported (supported: V3)"));
        }
        if (ads.grpcServices().size() != 1) {
            problems.add(new ConfigException(path + ".grpc_services", "expected exactly one gRPC service, the control "
                    + "plane, got " + ads.grpcServices().size()));
        }
    }

    /** @return whether the source is set; a set source that is not ADS is a problem */
    private boolean source(DynamicResourcesConfig.ConfigSource source, String path) {
        if (source == null) {
            return false;
        }
        if (source.apiConfigSource() != null || source.path() != null || source.pathConfigSource() != null) {
            String kind = source.apiConfigSource() != null ? "api_config_source"
                    : source.path() != null ? "path" : "path_config_source";
            problems.add(new ConfigException(path + "." + kind, kind + " is not supported; " + SOURCE_ADS_ONLY));
        } else if (source.ads() == null || !source.ads().isObject()) {
            problems.add(new ConfigException(path + ".ads", "expected {} (resources over the ADS stream), got "
                    + (source.ads() == null ? "nothing" : source.ads().toString()) + "; " + SOURCE_ADS_ONLY));
        }
        if (source.resourceApiVersion() != null && !source.resourceApiVersion().equalsIgnoreCase("V3")) {
            problems.add(new ConfigException(path + ".resource_api_version", "resource_api_version \""
                    + source.resourceApiVersion() + "\" is not supported (supported: V3)"));
        }
        if (source.initialFetchTimeout() != null && source.initialFetchTimeout().isNegative()) {
            problems.add(new ConfigException(path + ".initial_fetch_timeout", "expected 0s (wait for the whole first "
                    + "config) or more, got a negative duration"));
        }
        return true;
    }

    private StaticResourcesConfig.Cluster controlPlaneCluster(DynamicResourcesConfig.EnvoyGrpc envoyGrpc,
            StaticResourcesConfig statics, String path) {
        String name = envoyGrpc.clusterName();
        if (name == null || name.isEmpty()) {
            problems.add(new ConfigException(path, "expected the name of a cluster of static_resources.clusters, "
                    + "got nothing"));
            return null;
        }
        for (StaticResourcesConfig.Cluster cluster : statics.clusters()) {
            if (name.equals(cluster.name())) {
                return cluster;
            }
        }
        problems.add(new ConfigException(path, "cluster \"" + name + "\" is not defined in static_resources.clusters "
                + "(defined: " + String.join(", ", statics.clusters().stream().map(c -> String.valueOf(c.name())).toList())
                + ")"));
        return null;
    }

    private List<InetSocketAddress> addresses(StaticResourcesConfig.Cluster cluster, StaticResourcesConfig statics) {
        String path = "static_resources.clusters[" + statics.clusters().indexOf(cluster) + "]";
        String type = cluster.type() == null ? "STATIC" : cluster.type().toUpperCase(Locale.ROOT);
        if (!CONTROL_PLANE_CLUSTER_TYPES.contains(type)) {
            problems.add(new ConfigException(path + ".type", "the control plane's cluster type \"" + cluster.type()
                    + "\" is not supported (supported: STATIC, STRICT_DNS, LOGICAL_DNS)"));
        }
        if (cluster.transportSocket() != null && !cluster.transportSocket().isNull()) {
            problems.add(new ConfigException(path + ".transport_socket", "TLS to the control plane is not supported; "
                    + "remove transport_socket and reach the control plane in plaintext"));
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (cluster.loadAssignment() != null) {
            var localities = cluster.loadAssignment().endpoints();
            for (int l = 0; l < localities.size(); l++) {
                var endpoints = localities.get(l).lbEndpoints();
                for (int e = 0; e < endpoints.size(); e++) {
                    String at = path + ".load_assignment.endpoints[" + l + "].lb_endpoints[" + e + "].endpoint.address"
                            + ".socket_address";
                    var endpoint = endpoints.get(e).endpoint();
                    var socket = endpoint == null || endpoint.address() == null ? null : endpoint.address().socketAddress();
                    InetSocketAddress address = socket == null ? null : address(socket.address(), socket.portValue(), at);
                    if (socket == null) {
                        problems.add(new ConfigException(at, "expected {\"address\": ..., \"port_value\": ...}, got nothing"));
                    } else if (address != null) {
                        addresses.add(address);
                    }
                }
            }
        }
        if (addresses.isEmpty() && problems.isEmpty()) {
            problems.add(new ConfigException(path + ".load_assignment", "the control plane's cluster \"" + cluster.name()
                    + "\" has no endpoint; add load_assignment.endpoints[0].lb_endpoints[0].endpoint.address"));
        }
        return addresses;
    }

    private List<InetSocketAddress> target(DynamicResourcesConfig.GoogleGrpc googleGrpc, String path) {
        if (googleGrpc.channelCredentials() != null || googleGrpc.callCredentials() != null) {
            problems.add(new ConfigException(path + (googleGrpc.channelCredentials() != null ? ".channel_credentials"
                    : ".call_credentials"), "credentials are not supported; reach the control plane in plaintext"));
            return List.of();
        }
        String target = googleGrpc.targetUri() == null ? "" : googleGrpc.targetUri();
        if (target.startsWith("dns:///")) {
            target = target.substring("dns:///".length());
        }
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || !target.substring(colon + 1).matches("\\d{1,5}")) {
            problems.add(new ConfigException(path + ".target_uri", "expected \"host:port\" such as "
                    + "\"127.0.0.1:15010\", got " + quoted(googleGrpc.targetUri())));
            return List.of();
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = address(host, Integer.parseInt(target.substring(colon + 1)), path + ".target_uri");
        return address == null ? List.of() : List.of(address);
    }

    private InetSocketAddress address(String host, Integer port, String path) {
        if (host == null || host.isBlank()) {
            problems.add(new ConfigException(path + ".address", "expected an IP address or host name, got nothing"));
            return null;
        }
        if (port == null || port < 1 || port > 65535) {
            problems.add(new ConfigException(path + ".port_value", "expected a port from 1 to 65535, got " + port));
            return null;
        }
        // Resolved at each connect, so a control plane behind a DNS name can move.
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static Duration initialFetchTimeout(DynamicResourcesConfig dynamic) {
        Duration timeout = null;
        for (DynamicResourcesConfig.ConfigSource source : new DynamicResourcesConfig.ConfigSource[] {
                dynamic.cdsConfig(), dynamic.ldsConfig()}) {
            Duration set = source == null ? null : source.initialFetchTimeout();
            if (set != null) {
                timeout = timeout == null || set.isZero() || (!timeout.isZero() && set.compareTo(timeout) > 0)
                        ? set : timeout;
            }
        }
        return timeout == null ? XdsSettings.DEFAULT_INITIAL_FETCH_TIMEOUT : timeout;
    }

    private static Node node(NodeConfig config) {
        Node.Builder node = Node.newBuilder()
                .setUserAgentName("mosn4j")
                .setUserAgentVersion(Version.get());
        if (config.id() != null) {
            node.setId(config.id());
        }
        if (config.cluster() != null) {
            node.setCluster(config.cluster());
        }
        if (config.metadata() != null && config.metadata().isObject()) {
            node.setMetadata(ProtoValues.struct(config.metadata()));
        }
        if (config.locality() != null) {
            Locality.Builder locality = Locality.newBuilder();
            if (config.locality().region() != null) {
                locality.setRegion(config.locality().region());
            }
            if (config.locality().zone() != null) {
                locality.setZone(config.locality().zone());
            }
            if (config.locality().subZone() != null) {
                locality.setSubZone(config.locality().subZone());
            }
            node.setLocality(locality);
        }
        return node.build();
    }

    private <T> T bind(JsonNode node, Class<T> type, String path) {
        try {
            return ConfigBinder.INSTANCE.bind(node, type, path);
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "\"" + value + "\"";
    }
}
