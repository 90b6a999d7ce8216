package org.mosn4j.plugin.filters.common;

import org.mosn4j.spi.stream.RouteInfo;
import org.mosn4j.spi.stream.StreamFilterHandler;

/**
 * Picks the config a filter applies to a request: the matched route's {@code per_filter_config} entry for the
 * filter's type (the route's own, else its virtual host's), else the listener's. Stateless.
 */
public final class PerRouteConfig {

    private PerRouteConfig() {
    }

    /**
     * @param handler the stream's handler
     * @param type the filter type, the key of {@code per_filter_config}
     * @param listenerConfig the config from the listener's {@code stream_filters}
     * @param configType the type the filter's factory parses per-route configs to
     * @param <T> the config type
     * @return the per-route config when the route has one of that type, else {@code listenerConfig}
     */
    public static <T> T choose(StreamFilterHandler handler, String type, T listenerConfig, Class<T> configType) {
        RouteInfo route = handler.route();
        if (route == null) {
            return listenerConfig;
        }
        Object perRoute = route.perFilterConfig(type);
        return configType.isInstance(perRoute) ? configType.cast(perRoute) : listenerConfig;
    }
}
