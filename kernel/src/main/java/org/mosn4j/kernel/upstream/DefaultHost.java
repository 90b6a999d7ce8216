package org.mosn4j.kernel.upstream;

import java.net.InetSocketAddress;
import java.util.Map;
import org.mosn4j.kernel.stats.UpstreamStats;
import org.mosn4j.spi.upstream.Host;

/** A configured host, with its own stats. */
public record DefaultHost(
        String address,
        InetSocketAddress socketAddress,
        String hostname,
        int weight,
        Map<String, String> metadata,
        String clusterName,
        UpstreamStats stats) implements Host {
}
