package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mosn4j.kernel.xds.XdsClusterTranslatorTest.json;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class XdsListenerTranslatorTest {

    private final TranslationNotes notes = new TranslationNotes();

    @Test
    void httpConnectionManagerWithRdsBecomesAProxyFilterNamingTheRouteConfig() throws Exception {
        Listener listener = XdsTestResources.httpListener("ingress", 8080, "ingress-routes").toBuilder()
                .setPerConnectionBufferLimitBytes(UInt32Value.of(65536))
                .build();

        ListenerTranslator.TranslatedListener translated = ListenerTranslator.translate(listener, notes);

        assertEquals(json("""
                {"name": "ingress", "address": "0.0.0.0:8080", "bind_port": true,
                 "per_connection_buffer_limit_bytes": 65536,
                 "filter_chains": [{"filters": [{"type": "proxy", "config":
                     {"downstream_protocol": "Auto", "router_config_name": "ingress-routes"}}]}]}
                """), translated.config());
        assertEquals(Set.of("ingress-routes"), translated.routeConfigNames());
        assertEquals(Map.of(), translated.inlineRoutes());
        assertEquals(List.of(), notes.all());
        KernelChecks.listenerBinds(translated.config());
    }

    @Test
    void inlineRouteConfigGetsAGeneratedRouterName() throws Exception {
        var routes = XdsTestResources.routes("", "backend");
        Listener listener = XdsTestResources.inlineRoutesListener("edge", 80, routes);

        ListenerTranslator.TranslatedListener translated = ListenerTranslator.translate(listener, notes);

        assertEquals("edge/inline_route", translated.config().at("/filter_chains/0/filters/0/config/router_config_name")
                .asText());
        assertEquals(Map.of("edge/inline_route", routes), translated.inlineRoutes());
        assertEquals(Set.of(), translated.routeConfigNames());
    }

    @Test
    void codecTypeChoosesTheDownstreamProtocol() throws Exception {
        Listener listener = XdsTestResources.listener("h2", 8443, Filter.newBuilder()
                .setName("envoy.filters.network.http_connection_manager")
                .setTypedConfig(Any.pack(XdsTestResources.hcm().setCodecType(HttpConnectionManager.CodecType.HTTP2)
                        .setRds(Rds.newBuilder().setRouteConfigName("r")).build()))
                .build());

        assertEquals("Http2", ListenerTranslator.translate(listener, notes).config()
                .at("/filter_chains/0/filters/0/config/downstream_protocol").asText());
    }

    @Test
    void tcpProxyBecomesMosnTcpProxyAndNeedsItsCluster() throws Exception {
        ListenerTranslator.TranslatedListener translated = ListenerTranslator.translate(
                XdsTestResources.tcpListener("mysql", 3306, "mysql-primary"), notes);

        assertEquals(json("""
                {"name": "mysql", "address": "0.0.0.0:3306", "bind_port": true,
                 "filter_chains": [{"filters": [{"type": "tcp_proxy", "config":
                     {"stat_prefix": "tcp", "cluster": "mysql-primary", "idle_timeout": "5m0s"}}]}]}
                """), translated.config());
        assertEquals(Set.of("mysql-primary"), translated.clusters());
        KernelChecks.listenerBinds(translated.config());
    }

    @Test
    void oneFilterChainIsUsedAndUnsupportedFiltersAreNoted() throws Exception {
        Listener base = XdsTestResources.httpListener("mixed", 8080, "r");
        FilterChain plain = base.getFilterChains(0).toBuilder()
                .addFilters(0, Filter.newBuilder().setName("envoy.filters.network.rbac")
                        .setTypedConfig(Any.pack(RBAC.newBuilder().setStatPrefix("rbac").build())))
                .build();
        Listener listener = base.toBuilder().clearFilterChains()
                .addFilterChains(FilterChain.newBuilder().setFilterChainMatch(FilterChainMatch.newBuilder()
                        .addServerNames("other.example")).addFilters(base.getFilterChains(0).getFilters(0)))
                .addFilterChains(plain)
                .build();
        HttpConnectionManager withCors = XdsTestResources.hcm()
                .addHttpFilters(0, HttpFilter.newBuilder().setName("envoy.filters.http.cors")
                        .setTypedConfig(Any.pack(Cors.getDefaultInstance())))
                .setRds(Rds.newBuilder().setRouteConfigName("r")).build();
        listener = listener.toBuilder().setFilterChains(1, plain.toBuilder().setFilters(1, Filter.newBuilder()
                .setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(withCors)))).build();

        ListenerTranslator.translate(listener, notes);

        assertEquals(List.of(
                "listener \"mixed\": filter_chains[0] is not translated (only one filter chain is used: filter_chains[1])",
                "listener \"mixed\": filter_chains[1].filters[0] is not translated (network filter "
                        + "\"envoy.filters.network.rbac\" (type.googleapis.com/envoy.extensions.filters.network.rbac.v3"
                        + ".RBAC) is not supported)",
                "listener \"mixed\": filter_chains[1].filters[1].typed_config.http_filters[0] is not translated (HTTP "
                        + "filter \"envoy.filters.http.cors\" is not supported; add mosn4j stream filters in the "
                        + "config file)"),
                notes.all().stream().map(TranslationNotes.Note::message).toList());
    }

    @Test
    void listenersThatCannotWorkAreErrors() {
        Listener noAddress = XdsTestResources.httpListener("a", 80, "r").toBuilder().clearAddress().build();
        assertEquals("listener \"a\": address: expected a socket_address to listen on, got nothing", error(noAddress));

        Listener tls = XdsTestResources.httpListener("b", 443, "r");
        tls = tls.toBuilder().setFilterChains(0, tls.getFilterChains(0).toBuilder()
                .setTransportSocket(TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
                        .setTypedConfig(Any.pack(DownstreamTlsContext.getDefaultInstance())))).build();
        assertEquals("listener \"b\": filter_chains[0].transport_socket: downstream TLS cannot be configured through "
                + "xDS; serve TLS from a listener of the config file", error(tls));

        Listener rbacOnly = XdsTestResources.listener("c", 80, Filter.newBuilder().setName("envoy.filters.network.rbac")
                .setTypedConfig(Any.pack(RBAC.getDefaultInstance())).build());
        assertEquals("listener \"c\": filter_chains[0].filters: no supported network filter (supported: "
                + "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager, "
                + "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy)", error(rbacOnly));
    }

    private String error(Listener listener) {
        return assertThrows(XdsTranslationException.class, () -> ListenerTranslator.translate(listener, notes))
                .getMessage();
    }
}
