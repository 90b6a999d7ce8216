package org.mosn4j.plugin.tcpproxy;

import java.time.Duration;
import org.mosn4j.spi.upstream.ClusterManager;

/**
 * One configured {@code tcp_proxy}, shared by its connections. Immutable.
 *
 * @param listenerName the listener, for logs
 * @param routes the route table
 * @param clusters the cluster manager
 * @param maxConnectAttempts connect attempts per connection
 * @param idleTimeout idle limit; zero for none
 */
record TcpProxySettings(String listenerName, TcpRouteTable routes, ClusterManager clusters, int maxConnectAttempts,
        Duration idleTimeout) {
}
