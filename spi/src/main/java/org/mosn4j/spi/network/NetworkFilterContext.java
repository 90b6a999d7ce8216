package org.mosn4j.spi.network;

import org.mosn4j.spi.upstream.ClusterManager;

/**
 * What a {@link NetworkFilterFactory} is configured with besides its own JSON block.
 * Only valid during {@link NetworkFilterFactory#configure}, except for {@link #clusterManager()}, which an
 * installer may keep and use on any thread.
 */
public interface NetworkFilterContext {

    /** @return the name of the listener the filter belongs to */
    String listenerName();

    /** @return the JSON path of the filter's {@code config} block, for error messages */
    String configPath();

    /** @return the clusters; lookups always see the latest configuration */
    ClusterManager clusterManager();
}
