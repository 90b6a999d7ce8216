package org.mosn4j.kernel.router;

import org.mosn4j.kernel.config.RouterConfig;

/**
 * A router config and where it was written, for error messages.
 *
 * @param config the bound config
 * @param path its JSON path, such as {@code servers[0].routers[1]} or
 *             {@code servers[0].listeners[0].filter_chains[0].filters[0].config} for a {@code connection_manager}
 */
public record NamedRouterConfig(RouterConfig config, String path) {
}
