package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Translates an Envoy {@code Listener} into a MOSN {@code servers[0].listeners[]} entry: {@code name}, {@code address}
 * ({@code "ip:port"} from {@code socket_address}) and one filter chain whose terminal network filter becomes
 * <ul>
 *   <li>for an {@code HttpConnectionManager}: a {@code proxy} filter {@code {"downstream_protocol": "Auto" | "Http1" |
 *       "Http2", "router_config_name": ...}} naming the RDS route config, or, for an inline {@code route_config}, a
 *       router config generated with the name {@code <listener>/inline_route};</li>
 *   <li>for a {@code TcpProxy}: a {@code tcp_proxy} filter with its {@code cluster}.</li>
 * </ul>
 * A listener with several filter chains uses its {@code default_filter_chain}, or else its first chain without a
 * {@code filter_chain_match}, or else its first chain (mosn4j picks chains only by TLS SNI); the others are noted.
 * Downstream TLS ({@code transport_socket}), UDP and listeners without an address cannot work and are errors.
 */
final class ListenerTranslator {

    /** The resource kind, as named in messages. */
    static final String KIND = "listener";

    private static final String HCM_TYPE = "type.googleapis.com/"
            + HttpConnectionManager.getDescriptor().getFullName();
    private static final String TCP_PROXY_TYPE = "type.googleapis.com/" + TcpProxy.getDescriptor().getFullName();
    private static final String ROUTER_FILTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> LISTENER_FIELDS = Set.of("name", "address", "filter_chains",
            "default_filter_chain", "use_original_dst", "per_connection_buffer_limit_bytes", "bind_to_port",
            "traffic_direction", "stat_prefix");
    private static final Set<String> CHAIN_FIELDS = Set.of("filters", "filter_chain_match", "name");
    private static final Set<String> HCM_FIELDS = Set.of("codec_type", "stat_prefix", "rds", "route_config",
            "http_filters", "common_http_protocol_options");
    private static final Set<String> TCP_PROXY_FIELDS = Set.of("stat_prefix", "cluster", "idle_timeout",
            "max_connect_attempts");

    /**
     * A translated listener.
     *
     * @param name the listener's name
     * @param config the MOSN listener
     * @param routeConfigNames the RDS route configs its proxy filter uses, which must be there before it can start
     * @param inlineRoutes inline route configs by the router config name given to them
     * @param clusters the clusters its tcp_proxy filter uses, which must be there before it can start
     */
    record TranslatedListener(String name, ObjectNode config, Set<String> routeConfigNames,
            Map<String, RouteConfiguration> inlineRoutes, Set<String> clusters) {

        TranslatedListener {
            routeConfigNames = Set.copyOf(routeConfigNames);
            inlineRoutes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inlineRoutes));
            clusters = Set.copyOf(clusters);
        }
    }

    private ListenerTranslator() {
    }

    /** @return the router config name an inline route config of this listener gets */
    static String inlineRouterName(String listenerName) {
        return listenerName + "/inline_route";
    }

    /**
     * @throws XdsTranslationException when the listener cannot work in mosn4j
     */
    @SuppressWarnings("deprecation")
    static TranslatedListener translate(Listener listener, TranslationNotes notes) throws XdsTranslationException {
        String name = listener.getName();
        Site site = new Site(KIND, name, notes);
        if (name.isEmpty()) {
            throw site.error("name", "expected a listener name, got nothing");
        }
        site.unhandled("", listener, LISTENER_FIELDS);
        if (!listener.hasAddress()) {
            throw site.error("address", "expected a socket_address to listen on, got nothing");
        }
        ObjectNode config = JSON.objectNode();
        config.put("name", name);
        config.put("address", EndpointTranslator.address(listener.getAddress(), site, "address"));
        config.put("bind_port", !listener.hasBindToPort() || listener.getBindToPort().getValue());
        if (listener.hasUseOriginalDst()) {
            config.put("use_original_dst", listener.getUseOriginalDst().getValue());
        }
        if (listener.hasPerConnectionBufferLimitBytes()) {
            config.put("per_connection_buffer_limit_bytes", listener.getPerConnectionBufferLimitBytes().getValue());
        }
        String chainPath = chosenChainPath(listener, site);
        FilterChain chain = chainPath.equals("default_filter_chain") ? listener.getDefaultFilterChain()
                : listener.getFilterChains(Integer.parseInt(chainPath.replaceAll("\\D", "")));
        site.unhandled(chainPath, chain, CHAIN_FIELDS);
        if (chain.hasTransportSocket()) {
            throw site.error(chainPath + ".transport_socket", "downstream TLS cannot be configured through xDS; "
                    + "serve TLS from a listener of the config file");
        }
        Map<String, RouteConfiguration> inline = new LinkedHashMap<>();
        Set<String> rds = new java.util.LinkedHashSet<>();
        Set<String> clusters = new java.util.LinkedHashSet<>();
        ObjectNode terminal = null;
        for (int i = 0; i < chain.getFiltersCount() && terminal == null; i++) {
            Filter filter = chain.getFilters(i);
            String path = chainPath + ".filters[" + i + "]";
            if (filter.hasConfigDiscovery()) {
                throw site.error(path + ".config_discovery", "filter configs from discovery are not supported");
            }
            String type = filter.getTypedConfig().getTypeUrl();
            if (type.equals(HCM_TYPE)) {
                HttpConnectionManager hcm = unpack(filter.getTypedConfig(), HttpConnectionManager.class, site,
                        path + ".typed_config");
                terminal = proxy(hcm, name, site, path + ".typed_config", rds, inline);
                if (hcm.getCommonHttpProtocolOptions().hasIdleTimeout()) {
                    config.put("connection_idle_timeout",
                            ProtoValues.goDuration(hcm.getCommonHttpProtocolOptions().getIdleTimeout()));
                }
            } else if (type.equals(TCP_PROXY_TYPE)) {
                TcpProxy tcp = unpack(filter.getTypedConfig(), TcpProxy.class, site, path + ".typed_config");
                terminal = tcpProxy(tcp, site, path + ".typed_config");
                clusters.add(tcp.getCluster());
            } else {
                site.ignored(path, "network filter \"" + filter.getName() + "\" (" + type + ") is not supported");
            }
        }
        if (terminal == null) {
            throw site.error(chainPath + ".filters", "no supported network filter (supported: "
                    + HttpConnectionManager.getDescriptor().getFullName() + ", " + TcpProxy.getDescriptor().getFullName()
                    + ")");
        }
        ArrayNode filters = config.putArray("filter_chains").addObject().putArray("filters");
        filters.add(terminal);
        return new TranslatedListener(name, config, rds, inline, clusters);
    }

    private static String chosenChainPath(Listener listener, Site site) throws XdsTranslationException {
        String chosen = null;
        if (listener.hasDefaultFilterChain()) {
            chosen = "default_filter_chain";
        } else {
            for (int i = 0; i < listener.getFilterChainsCount() && chosen == null; i++) {
                if (!listener.getFilterChains(i).hasFilterChainMatch()) {
                    chosen = "filter_chains[" + i + "]";
                }
            }
            if (chosen == null && listener.getFilterChainsCount() > 0) {
                chosen = "filter_chains[0]";
            }
        }
        if (chosen == null) {
            throw site.error("filter_chains", "expected a filter chain, got none");
        }
        for (int i = 0; i < listener.getFilterChainsCount(); i++) {
            String path = "filter_chains[" + i + "]";
            if (!path.equals(chosen)) {
                site.ignored(path, "only one filter chain is used: " + chosen);
            }
        }
        return chosen;
    }

    private static ObjectNode proxy(HttpConnectionManager hcm, String listenerName, Site site, String path,
            Set<String> rds, Map<String, RouteConfiguration> inline) throws XdsTranslationException {
        site.unhandled(path, hcm, HCM_FIELDS);
        ObjectNode config = JSON.objectNode();
        config.put("downstream_protocol", switch (hcm.getCodecType()) {
            case HTTP1 -> "Http1";
            case HTTP2 -> "Http2";
            case AUTO -> "Auto";
            default -> throw site.error(path + ".codec_type", "codec_type " + hcm.getCodecType()
                    + " is not supported (supported: AUTO, HTTP1, HTTP2)");
        });
        switch (hcm.getRouteSpecifierCase()) {
            case RDS -> {
                String routeName = hcm.getRds().getRouteConfigName();
                if (routeName.isEmpty()) {
                    throw site.error(path + ".rds.route_config_name", "expected a route config name, got nothing");
                }
                if (hcm.getRds().hasConfigSource() && !hcm.getRds().getConfigSource().hasAds()) {
                    site.ignored(path + ".rds.config_source", "route configs are requested on the ADS stream");
                }
                rds.add(routeName);
                config.put("router_config_name", routeName);
            }
            case ROUTE_CONFIG -> {
                String routerName = inlineRouterName(listenerName);
                inline.put(routerName, hcm.getRouteConfig());
                config.put("router_config_name", routerName);
            }
            default -> throw site.error(path, "expected rds or route_config; "
                    + (hcm.hasScopedRoutes() ? "scoped_routes are not supported" : "got neither"));
        }
        for (int i = 0; i < hcm.getHttpFiltersCount(); i++) {
            HttpFilter filter = hcm.getHttpFilters(i);
            if (!filter.getTypedConfig().getTypeUrl().equals(ROUTER_FILTER)
                    && !filter.getName().equals("envoy.filters.http.router")) {
                site.ignored(path + ".http_filters[" + i + "]", "HTTP filter \"" + filter.getName()
                        + "\" is not supported; add mosn4j stream filters in the config file");
            }
        }
        if (hcm.hasCommonHttpProtocolOptions()) {
            site.unhandled(path + ".common_http_protocol_options", hcm.getCommonHttpProtocolOptions(),
                    Set.of("idle_timeout"));
        }
        ObjectNode filter = JSON.objectNode();
        filter.put("type", "proxy");
        filter.set("config", config);
        return filter;
    }

    private static ObjectNode tcpProxy(TcpProxy tcp, Site site, String path) throws XdsTranslationException {
        site.unhandled(path, tcp, TCP_PROXY_FIELDS);
        if (tcp.getClusterSpecifierCase() != TcpProxy.ClusterSpecifierCase.CLUSTER || tcp.getCluster().isEmpty()) {
            throw site.error(path + (tcp.hasWeightedClusters() ? ".weighted_clusters" : ".cluster"),
                    "expected one cluster; weighted clusters are not supported by tcp_proxy");
        }
        ObjectNode config = JSON.objectNode();
        if (!tcp.getStatPrefix().isEmpty()) {
            config.put("stat_prefix", tcp.getStatPrefix());
        }
        config.put("cluster", tcp.getCluster());
        if (tcp.hasIdleTimeout()) {
            config.put("idle_timeout", ProtoValues.goDuration(tcp.getIdleTimeout()));
        }
        if (tcp.hasMaxConnectAttempts()) {
            config.put("max_connect_attempts", tcp.getMaxConnectAttempts().getValue());
        }
        ObjectNode filter = JSON.objectNode();
        filter.put("type", "tcp_proxy");
        filter.set("config", config);
        return filter;
    }

    private static <T extends Message> T unpack(Any any, Class<T> type, Site site, String path)
            throws XdsTranslationException {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw site.error(path, "cannot be read as " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
