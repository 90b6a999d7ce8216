package org.mosn4j.plugin.tcpproxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.config.ConfigException;

/** Chooses a connection's cluster: the first route whose address ranges match, else the default cluster. Immutable. */
final class TcpRouteTable {

    private record Route(String cluster, List<CidrRange> sources, List<CidrRange> destinations) {
        boolean matches(InetSocketAddress source, InetSocketAddress destination) {
            return matchesAny(sources, source) && matchesAny(destinations, destination);
        }

        private static boolean matchesAny(List<CidrRange> ranges, InetSocketAddress address) {
            if (ranges.isEmpty()) {
                return true;
            }
            if (address == null || address.getAddress() == null) {
                return false;
            }
            for (CidrRange range : ranges) {
                if (range.contains(address.getAddress())) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Route> routes;
    private final String defaultCluster;

    private TcpRouteTable(List<Route> routes, String defaultCluster) {
        this.routes = routes;
        this.defaultCluster = defaultCluster;
    }

    static TcpRouteTable build(TcpProxyConfig config, String path) throws ConfigException {
        List<Route> routes = new ArrayList<>();
        for (int r = 0; r < config.routes().size(); r++) {
            TcpProxyConfig.Route route = config.routes().get(r);
            String routePath = path + ".routes[" + r + "]";
            if (route.cluster() == null || route.cluster().isEmpty()) {
                throw new ConfigException(routePath + ".cluster", "expected a cluster name, got nothing");
            }
            routes.add(new Route(route.cluster(), ranges(route.sourceAddrs(), routePath + ".source_addrs"),
                    ranges(route.destinationAddrs(), routePath + ".destination_addrs")));
        }
        String fallback = config.cluster() == null || config.cluster().isEmpty() ? null : config.cluster();
        if (fallback == null && routes.isEmpty()) {
            throw new ConfigException(path + ".cluster", "expected a cluster name (or routes), got nothing");
        }
        return new TcpRouteTable(List.copyOf(routes), fallback);
    }

    private static List<CidrRange> ranges(List<TcpProxyConfig.Cidr> cidrs, String path) throws ConfigException {
        List<CidrRange> out = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            out.add(CidrRange.parse(cidrs.get(i).address(), cidrs.get(i).length(), path + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    /**
     * @return the cluster for a connection from {@code source} to {@code destination}, or null when no route
     *         matches and there is no default cluster
     */
    String clusterFor(InetSocketAddress source, InetSocketAddress destination) {
        for (Route route : routes) {
            if (route.matches(source, destination)) {
                return route.cluster();
            }
        }
        return defaultCluster;
    }

    /** @return every cluster name the table can return */
    List<String> clusters() {
        List<String> names = new ArrayList<>();
        routes.forEach(r -> names.add(r.cluster()));
        if (defaultCluster != null) {
            names.add(defaultCluster);
        }
        return names;
    }
}
