package org.mosn4j.kernel.network;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.mosn4j.kernel.accesslog.AccessLog;
import org.mosn4j.kernel.network.tls.ListenerTls;
import org.mosn4j.kernel.stats.ListenerStats;
import org.mosn4j.spi.network.NetworkFilterInstaller;

/**
 * A checked listener config, ready to bind: its address, options, the installers of its network filters, its
 * TLS, its stats and access logs.
 *
 * @param name listener name
 * @param addressText the address as configured
 * @param address the address to bind
 * @param bindPort whether to bind at all (MOSN's {@code bind_port})
 * @param reusePort whether to set SO_REUSEPORT
 * @param idleTimeout close connections idle this long; null or zero for never
 * @param bufferLimitBytes write high watermark per connection
 * @param maxConnections the most connections open at once; a connection beyond is closed as soon as accepted;
 *                       0 for no limit
 * @param installers network filter installers, in config order, of the plaintext filter chain (the only
 *                   chain of a listener without TLS)
 * @param tls the TLS filter chains, chosen by SNI, or null for a plaintext listener
 * @param stats the listener's stats
 * @param accessLogs the listener's access logs, closed when the server stops
 */
public record ListenerSpec(
        String name,
        String addressText,
        InetSocketAddress address,
        boolean bindPort,
        boolean reusePort,
        Duration idleTimeout,
        int bufferLimitBytes,
        int maxConnections,
        List<NetworkFilterInstaller> installers,
        ListenerTls tls,
        ListenerStats stats,
        List<AccessLog> accessLogs) {
}
