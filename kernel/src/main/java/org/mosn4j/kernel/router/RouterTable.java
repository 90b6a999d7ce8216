package org.mosn4j.kernel.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.RouteConfig;
import org.mosn4j.kernel.config.RouterConfig;
import org.mosn4j.kernel.config.VirtualHostConfig;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamFilterFactory;

/**
 * One router config, built: finds the route of a request. The virtual host is chosen by {@code :authority}
 * (see {@link VirtualHostSelector}), then its routes are tried in config order and the first whose
 * {@code match} fits wins.
 *
 * <p>Immutable and thread-safe: every event loop can share one table.
 */
public final class RouterTable {

    private final String name;
    private final VirtualHostSelector virtualHosts;

    private RouterTable(String name, VirtualHostSelector virtualHosts) {
        this.name = name;
        this.virtualHosts = virtualHosts;
    }

    /** @return the {@code router_config_name} */
    public String name() {
        return name;
    }

    /**
     * @param request the request headers; {@code :authority} chooses the virtual host and {@code :path}
     *                (without its query) is what path matchers see
     * @param variables looks a variable up by name for {@code match.variables}, returning null when it is unset;
     *                  null when the caller has no variables
     * @return the matched route, or null when no virtual host or route matches (the proxy answers 404)
     */
    public RouteEntry match(HeaderMap request, Function<String, String> variables) {
        VirtualHost host = virtualHosts.select(request.get(HeaderNames.AUTHORITY));
        if (host == null) {
            return null;
        }
        PathAndQuery target = PathAndQuery.of(request.get(HeaderNames.PATH));
        return host.match(target == null ? null : target.path(), request, variables);
    }

    @Override
    public String toString() {
        return "router " + name;
    }

    /**
     * Builds a table, leaving out each route that has errors.
     *
     * @param named the config and its JSON path
     * @param filters finds a stream filter factory by type, for {@code per_filter_config}; null when none
     * @param problems where errors go
     */
    static RouterTable build(NamedRouterConfig named, Function<String, StreamFilterFactory> filters,
            ConfigProblems problems) {
        RouterConfig config = named.config();
        String path = named.path();
        HeaderMutations routerRequest = HeaderMutations.of(config.requestHeadersToAdd(), config.requestHeadersToRemove(),
                path, "request", problems);
        HeaderMutations routerResponse = HeaderMutations.of(config.responseHeadersToAdd(),
                config.responseHeadersToRemove(), path, "response", problems);
        VirtualHostSelector.Builder domains = new VirtualHostSelector.Builder(problems);
        for (int v = 0; v < config.virtualHosts().size(); v++) {
            VirtualHostConfig hostConfig = config.virtualHosts().get(v);
            String hostPath = path + ".virtual_hosts[" + v + "]";
            String hostName = hostConfig.name() == null ? "" : hostConfig.name();
            Map<String, Object> perFilterConfig = PerFilterConfigs.parse(hostConfig.perFilterConfig(),
                    hostPath + ".per_filter_config", filters, problems);
            RouteBuilder.Scope scope = new RouteBuilder.Scope(hostName,
                    routerRequest.then(HeaderMutations.of(hostConfig.requestHeadersToAdd(),
                            hostConfig.requestHeadersToRemove(), hostPath, "request", problems)),
                    routerResponse.then(HeaderMutations.of(hostConfig.responseHeadersToAdd(),
                            hostConfig.responseHeadersToRemove(), hostPath, "response", problems)),
                    perFilterConfig, filters);
            List<DefaultRouteEntry> routes = new ArrayList<>();
            for (int r = 0; r < hostConfig.routers().size(); r++) {
                RouteConfig routeConfig = hostConfig.routers().get(r);
                DefaultRouteEntry route = RouteBuilder.build(routeConfig, hostPath + ".routers[" + r + "]", scope, problems);
                if (route != null) {
                    routes.add(route);
                }
            }
            VirtualHost host = new VirtualHost(hostName, routes);
            for (int d = 0; d < hostConfig.domains().size(); d++) {
                domains.add(hostConfig.domains().get(d), host, hostPath, hostPath + ".domains[" + d + "]");
            }
        }
        return new RouterTable(config.routerConfigName(), domains.build());
    }
}
