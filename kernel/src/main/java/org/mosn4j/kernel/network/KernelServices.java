package org.mosn4j.kernel.network;

import org.mosn4j.kernel.plugin.ExtensionRegistry;
import org.mosn4j.kernel.router.RouterTables;
import org.mosn4j.kernel.tracing.Tracer;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.pool.UpstreamPools;

/**
 * The process-wide parts the kernel's own filters are built from.
 *
 * @param clusters the clusters
 * @param registry installed extensions
 * @param routers router configs by name
 * @param pools upstream connection pools
 * @param tracer the {@code tracing} block's trace propagation
 */
public record KernelServices(DefaultClusterManager clusters, ExtensionRegistry registry, RouterTables routers,
        UpstreamPools pools, Tracer tracer) {
}
