package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates an Envoy {@code RouteConfiguration} (from RDS, or inline in a listener's HTTP connection manager) into a
 * MOSN {@code servers[0].routers[]} entry: {@code router_config_name} and {@code virtual_hosts}, each with
 * {@code name}, {@code domains} and {@code routers}, plus header mutations at every level. Each route's match and
 * action are translated by {@link RouteMatchTranslator} and {@link RouteActionTranslator}; a route they cannot
 * translate faithfully is left out, which is noted.
 */
final class RouteTranslator {

    /** The resource kind, as named in messages. */
    static final String KIND = "route_configuration";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> CONFIG_FIELDS = Set.of("name", "virtual_hosts", "request_headers_to_add",
            "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove", "validate_clusters");
    private static final Set<String> VIRTUAL_HOST_FIELDS = Set.of("name", "domains", "routes", "request_headers_to_add",
            "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove", "retry_policy");
    private static final Set<String> ROUTE_FIELDS = Set.of("name", "match", "route", "redirect", "direct_response",
            "request_headers_to_add", "request_headers_to_remove", "response_headers_to_add",
            "response_headers_to_remove");

    private RouteTranslator() {
    }

    /**
     * Translates an RDS resource.
     *
     * @param upstreamProtocol a cluster's HTTP version when it names one, else null
     */
    static ObjectNode translate(RouteConfiguration config, Function<String, String> upstreamProtocol,
            TranslationNotes notes) throws XdsTranslationException {
        Site site = new Site(KIND, config.getName(), notes);
        if (config.getName().isEmpty()) {
            throw site.error("name", "expected a route config name, got nothing");
        }
        return translate(config, config.getName(), upstreamProtocol, site, "");
    }

    /**
     * Translates a route config that is part of another resource (a listener's inline {@code route_config}).
     *
     * @param routerName the {@code router_config_name} to give it
     * @param site the resource holding it
     * @param prefix the route config's path inside that resource
     */
    static ObjectNode translate(RouteConfiguration config, String routerName, Function<String, String> upstreamProtocol,
            Site site, String prefix) throws XdsTranslationException {
        site.unhandled(prefix, config, CONFIG_FIELDS);
        ObjectNode out = JSON.objectNode();
        out.put("router_config_name", routerName);
        ArrayNode hosts = out.putArray("virtual_hosts");
        for (int i = 0; i < config.getVirtualHostsCount(); i++) {
            hosts.add(virtualHost(config.getVirtualHosts(i), upstreamProtocol, site,
                    Site.join(prefix, "virtual_hosts[" + i + "]")));
        }
        HeaderOptions.put(out, config.getRequestHeadersToAddList(), config.getRequestHeadersToRemoveList(),
                config.getResponseHeadersToAddList(), config.getResponseHeadersToRemoveList(), site, prefix);
        return out;
    }

    private static ObjectNode virtualHost(VirtualHost host, Function<String, String> upstreamProtocol, Site site,
            String path) throws XdsTranslationException {
        site.unhandled(path, host, VIRTUAL_HOST_FIELDS);
        if (host.getDomainsCount() == 0) {
            throw site.error(Site.join(path, "domains"), "expected at least one domain, such as \"*\"");
        }
        ObjectNode out = JSON.objectNode();
        out.put("name", host.getName());
        ArrayNode domains = out.putArray("domains");
        host.getDomainsList().forEach(domains::add);
        ArrayNode routers = out.putArray("routers");
        RetryPolicy retry = host.hasRetryPolicy() ? host.getRetryPolicy() : null;
        for (int i = 0; i < host.getRoutesCount(); i++) {
            ObjectNode route = route(host.getRoutes(i), retry, upstreamProtocol, site,
                    Site.join(path, "routes[" + i + "]"));
            if (route != null) {
                routers.add(route);
            }
        }
        HeaderOptions.put(out, host.getRequestHeadersToAddList(), host.getRequestHeadersToRemoveList(),
                host.getResponseHeadersToAddList(), host.getResponseHeadersToRemoveList(), site, path);
        return out;
    }

    private static ObjectNode route(Route route, RetryPolicy inheritedRetry, Function<String, String> upstreamProtocol,
            Site site, String path) {
        site.unhandled(path, route, ROUTE_FIELDS);
        ObjectNode match = RouteMatchTranslator.translate(route.getMatch(), site, Site.join(path, "match"));
        if (match == null) {
            return null;
        }
        ObjectNode out = JSON.objectNode();
        out.set("match", match);
        switch (route.getActionCase()) {
            case ROUTE -> {
                ObjectNode action = RouteActionTranslator.route(route.getRoute(), inheritedRetry, upstreamProtocol, site,
                        Site.join(path, "route"));
                if (action == null) {
                    return null;
                }
                // MOSN keeps a route's header mutations in its route action.
                HeaderOptions.put(action, route.getRequestHeadersToAddList(), route.getRequestHeadersToRemoveList(),
                        route.getResponseHeadersToAddList(), route.getResponseHeadersToRemoveList(), site, path);
                out.set("route", action);
            }
            case REDIRECT -> out.set("redirect", RouteActionTranslator.redirect(route.getRedirect(), site,
                    Site.join(path, "redirect")));
            case DIRECT_RESPONSE -> out.set("direct_response", RouteActionTranslator.directResponse(
                    route.getDirectResponse(), site, Site.join(path, "direct_response")));
            default -> {
                site.ignored(Site.join(path, route.getActionCase().name().toLowerCase()),
                        "the route is left out: only route, redirect and direct_response actions are supported");
                return null;
            }
        }
        if (route.getActionCase() != Route.ActionCase.ROUTE && (route.getRequestHeadersToAddCount() > 0
                || route.getResponseHeadersToAddCount() > 0 || route.getRequestHeadersToRemoveCount() > 0
                || route.getResponseHeadersToRemoveCount() > 0)) {
            site.ignored(path, "header mutations of redirect and direct_response routes are left out");
        }
        return out;
    }
}
