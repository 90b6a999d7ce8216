package org.mosn4j.kernel.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;

/** Realistic Envoy v3 resources, shaped the way control planes such as Istio send them. */
public final class XdsTestResources {

    public static final ConfigSource ADS = ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())
            .setResourceApiVersion(io.envoyproxy.envoy.config.core.v3.ApiVersion.V3).build();

    private XdsTestResources() {
    }

    public static Duration seconds(long seconds, int nanos) {
        return Duration.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    public static Address address(String ip, int port) {
        return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port))
                .build();
    }

    /** An EDS cluster whose endpoints come over ADS under its own name. */
    public static Cluster edsCluster(String name) {
        return Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS))
                .setConnectTimeout(seconds(1, 0))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .build();
    }

    /** A static cluster with its hosts inline. */
    public static Cluster staticCluster(String name, String... ipPorts) {
        return Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.STATIC)
                .setConnectTimeout(seconds(0, 250_000_000))
                .setLoadAssignment(endpoints(name, ipPorts))
                .build();
    }

    /** Endpoints of one locality, each {@code "ip:port"}. */
    public static ClusterLoadAssignment endpoints(String clusterName, String... ipPorts) {
        LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
        for (String ipPort : ipPorts) {
            locality.addLbEndpoints(endpoint(ipPort));
        }
        return ClusterLoadAssignment.newBuilder().setClusterName(clusterName).addEndpoints(locality).build();
    }

    public static LbEndpoint endpoint(String ipPort) {
        int colon = ipPort.lastIndexOf(':');
        return LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(address(ipPort.substring(0, colon),
                        Integer.parseInt(ipPort.substring(colon + 1)))))
                .setHealthStatus(HealthStatus.HEALTHY)
                .build();
    }

    public static LbEndpoint weighted(String ipPort, int weight, String version) {
        return endpoint(ipPort).toBuilder()
                .setLoadBalancingWeight(UInt32Value.of(weight))
                .setMetadata(Metadata.newBuilder().putFilterMetadata("envoy.lb", Struct.newBuilder()
                        .putFields("version", Value.newBuilder().setStringValue(version).build()).build()))
                .build();
    }

    public static HttpConnectionManager.Builder hcm() {
        return HttpConnectionManager.newBuilder()
                .setStatPrefix("ingress_http")
                .setCodecType(HttpConnectionManager.CodecType.AUTO)
                .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
                        .setTypedConfig(Any.pack(Router.getDefaultInstance())));
    }

    /** A listener whose HTTP connection manager takes its routes from RDS. */
    public static Listener httpListener(String name, int port, String routeConfigName) {
        HttpConnectionManager manager = hcm()
                .setRds(Rds.newBuilder().setRouteConfigName(routeConfigName).setConfigSource(ADS))
                .build();
        return listener(name, port, Filter.newBuilder().setName("envoy.filters.network.http_connection_manager")
                .setTypedConfig(Any.pack(manager)).build());
    }

    /** A listener whose HTTP connection manager has its routes inline. */
    public static Listener inlineRoutesListener(String name, int port, RouteConfiguration routes) {
        return listener(name, port, Filter.newBuilder().setName("envoy.filters.network.http_connection_manager")
                .setTypedConfig(Any.pack(hcm().setRouteConfig(routes).build())).build());
    }

    /** A listener proxying TCP to a cluster. */
    public static Listener tcpListener(String name, int port, String cluster) {
        TcpProxy tcp = TcpProxy.newBuilder().setStatPrefix("tcp").setCluster(cluster)
                .setIdleTimeout(seconds(300, 0)).build();
        return listener(name, port, Filter.newBuilder().setName("envoy.filters.network.tcp_proxy")
                .setTypedConfig(Any.pack(tcp)).build());
    }

    public static Listener listener(String name, int port, Filter filter) {
        return Listener.newBuilder()
                .setName(name)
                .setAddress(address("0.0.0.0", port))
                .addFilterChains(FilterChain.newBuilder().addFilters(filter))
                .build();
    }

    /** A route config sending everything under {@code /} to one cluster. */
    public static RouteConfiguration routes(String name, String cluster) {
        return RouteConfiguration.newBuilder()
                .setName(name)
                .addVirtualHosts(VirtualHost.newBuilder()
                        .setName("all")
                        .addDomains("*")
                        .addRoutes(Route.newBuilder()
                                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                .setRoute(RouteAction.newBuilder().setCluster(cluster))))
                .build();
    }
}
