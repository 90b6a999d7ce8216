package org.mosn4j.kernel.upstream;

import java.net.InetSocketAddress;
import java.util.Map;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.spi.upstream.Host;

/** A configured host, with its own connection counters. */
record DefaultHost(
        String address,
        InetSocketAddress socketAddress,
        String hostname,
        int weight,
        Map<String, String> metadata,
        String clusterName,
        ConnectionCounters counters) implements Host {
}
