package org.mosn4j.kernel.network;

import org.mosn4j.kernel.plugin.ExtensionRegistry;
import org.mosn4j.spi.network.NetworkFilterContext;
import org.mosn4j.spi.upstream.ClusterManager;

/**
 * The kernel's {@link NetworkFilterContext}. The kernel's own filters ({@code proxy},
 * {@code connection_manager}) also read the extension registry from it.
 *
 * @param listenerName listener name
 * @param configPath JSON path of the filter's config block
 * @param clusterManager clusters
 * @param registry installed extensions
 */
public record KernelFilterContext(String listenerName, String configPath, ClusterManager clusterManager,
        ExtensionRegistry registry) implements NetworkFilterContext {
}
