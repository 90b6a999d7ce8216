package org.mosn4j.spi.stream;

import java.time.Duration;

/** The route a request matched, as filters see it. Immutable. */
public interface RouteInfo {

    /** @return the matched virtual host's name */
    String virtualHostName();

    /** @return the cluster the request goes to, or null for a direct response or redirect */
    String clusterName();

    /** @return the upstream timeout for the whole response; zero for none */
    Duration timeout();

    /**
     * The filter config for a stream filter type on this route: the route's {@code per_filter_config}
     * entry, else the virtual host's, else null. The value is what the filter's factory
     * {@link StreamFilterFactory#parsePerRouteConfig parsed} at startup.
     *
     * @param filterType a stream filter type string
     * @return the parsed config, or null
     */
    Object perFilterConfig(String filterType);
}
