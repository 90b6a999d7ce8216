package org.mosn4j.kernel.router;

import java.util.List;
import java.util.function.Function;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * A built virtual host: its routes in config order. Immutable.
 *
 * @param name the {@code name} from config
 * @param routes its routes; the first that matches wins
 */
record VirtualHost(String name, List<DefaultRouteEntry> routes) {

    VirtualHost {
        routes = List.copyOf(routes);
    }

    /** @return the first route that matches, or null */
    RouteEntry match(String path, HeaderMap request, Function<String, String> variables) {
        for (DefaultRouteEntry route : routes) {
            if (route.matches(path, request, variables)) {
                return route;
            }
        }
        return null;
    }
}
