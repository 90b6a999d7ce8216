package org.mosn4j.kernel.router;

import java.util.ArrayList;
import java.util.List;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.FilterChainConfig;
import org.mosn4j.kernel.config.FilterConfig;
import org.mosn4j.kernel.config.ListenerConfig;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.kernel.config.RouterConfig;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * Finds every router config of a MOSN config: {@code servers[0].routers}, and the {@code connection_manager}
 * network filters of older configs, which carry one each.
 */
public final class RouterSources {

    /** The type of the network filter that carries a router config in older MOSN configs. */
    public static final String CONNECTION_MANAGER = "connection_manager";

    private RouterSources() {
    }

    /**
     * @param config the bound config
     * @param problems where binding errors of connection_manager blocks go
     * @return every router config with its JSON path, in config order
     */
    public static List<NamedRouterConfig> collect(MosnConfig config, ConfigProblems problems) {
        List<NamedRouterConfig> out = new ArrayList<>();
        List<RouterConfig> routers = config.server().routers();
        for (int i = 0; i < routers.size(); i++) {
            out.add(new NamedRouterConfig(routers.get(i), "servers[0].routers[" + i + "]"));
        }
        List<ListenerConfig> listeners = config.server().listeners();
        for (int l = 0; l < listeners.size(); l++) {
            List<FilterChainConfig> chains = listeners.get(l).filterChains();
            for (int c = 0; c < chains.size(); c++) {
                List<FilterConfig> filters = chains.get(c).filters();
                for (int f = 0; f < filters.size(); f++) {
                    if (!CONNECTION_MANAGER.equals(filters.get(f).type())) {
                        continue;
                    }
                    String path = "servers[0].listeners[" + l + "].filter_chains[" + c + "].filters[" + f + "].config";
                    try {
                        out.add(new NamedRouterConfig(ConfigBinder.INSTANCE.bind(filters.get(f).config(),
                                RouterConfig.class, path), path));
                    } catch (ConfigException e) {
                        problems.add(e);
                    }
                }
            }
        }
        return out;
    }
}
