package org.mosn4j.kernel.router;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.network.NetworkFilterContext;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.pf4j.Extension;

/**
 * The built-in {@code connection_manager} network filter of older MOSN configs: it carries a router config
 * ({@code router_config_name} and {@code virtual_hosts}) for the {@code proxy} filter beside it and handles no
 * bytes itself.
 */
@Extension
public final class ConnectionManagerFilterFactory implements NetworkFilterFactory {

    @Override
    public String type() {
        return "connection_manager";
    }

    /** The router config was already read and checked with the others ({@link RouterSources}); no bytes to handle. */
    @Override
    public NetworkFilterInstaller configure(JsonNode config, NetworkFilterContext context) {
        return filters -> {
        };
    }
}
