package org.mosn4j.kernel.network;

import java.util.List;
import org.mosn4j.kernel.accesslog.AccessLog;
import org.mosn4j.kernel.plugin.ExtensionRegistry;
import org.mosn4j.kernel.stats.ListenerStats;
import org.mosn4j.spi.network.NetworkFilterContext;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.mosn4j.spi.upstream.ClusterManager;

/**
 * The kernel's {@link NetworkFilterContext}. The kernel's own filters ({@code proxy},
 * {@code connection_manager}) also read the listener's stream filters, access logs and stats from it.
 *
 * @param listenerName listener name
 * @param configPath JSON path of the filter's config block
 * @param services process-wide parts
 * @param listenerStats the listener's stats
 * @param streamFilters the listener's configured stream filters
 * @param accessLogs the listener's access logs
 */
public record KernelFilterContext(String listenerName, String configPath, KernelServices services,
        ListenerStats listenerStats, List<StreamFilterInstaller> streamFilters, List<AccessLog> accessLogs)
        implements NetworkFilterContext {

    @Override
    public ClusterManager clusterManager() {
        return services.clusters();
    }

    /** @return the installed extensions */
    public ExtensionRegistry registry() {
        return services.registry();
    }
}
