package org.mosn4j.spi.stream;

import org.mosn4j.spi.upstream.ClusterManager;

/** What a stream filter factory is configured with besides its JSON block. */
public interface StreamFilterContext {

    /** @return the listener the filter belongs to */
    String listenerName();

    /** @return the JSON path of the filter's config block, for errors */
    String configPath();

    /** @return the clusters; an installer may keep this and use it on any thread */
    ClusterManager clusterManager();
}
