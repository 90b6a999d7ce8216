package org.mosn4j.plugin.tcpproxy;

import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * MOSN's {@code tcp_proxy} config.
 *
 * @param statPrefix prefix for stats (accepted for compatibility)
 * @param cluster the cluster used when no route matches
 * @param idleTimeout close both sides after this long without bytes either way; absent means 1h, "0s" never
 * @param maxConnectAttempts upstream connect attempts per connection, each to a freshly chosen host; at least 1
 * @param routes routes by client and destination address; the first match wins
 */
public record TcpProxyConfig(
        String statPrefix,
        String cluster,
        Duration idleTimeout,
        Integer maxConnectAttempts,
        List<Route> routes) {

    /** Default idle timeout (as Envoy's tcp_proxy). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);

    public TcpProxyConfig {
        routes = ConfigBinder.orEmpty(routes);
    }

    /**
     * A route: the cluster for connections whose source and destination addresses match.
     *
     * @param cluster the cluster
     * @param sourceAddrs client address ranges; empty matches any
     * @param destinationAddrs destination (listener-side) address ranges; empty matches any
     */
    public record Route(String cluster, List<Cidr> sourceAddrs, List<Cidr> destinationAddrs) {
        public Route {
            sourceAddrs = ConfigBinder.orEmpty(sourceAddrs);
            destinationAddrs = ConfigBinder.orEmpty(destinationAddrs);
        }
    }

    /**
     * An address range.
     *
     * @param address an IPv4 or IPv6 address
     * @param length prefix length; absent means the whole address
     */
    public record Cidr(String address, Integer length) {
    }
}
