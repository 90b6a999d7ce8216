package org.mosn4j.plugin.tcpproxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.network.NetworkFilterContext;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.pf4j.Extension;

/** Network filter type {@code tcp_proxy}, with MOSN's config fields. */
@Extension
public final class TcpProxyFilterFactory implements NetworkFilterFactory {

    @Override
    public String type() {
        return "tcp_proxy";
    }

    @Override
    public NetworkFilterInstaller configure(JsonNode config, NetworkFilterContext context) throws ConfigException {
        String path = context.configPath();
        TcpProxyConfig proxy = ConfigBinder.INSTANCE.bind(config, TcpProxyConfig.class, path);
        TcpRouteTable routes = TcpRouteTable.build(proxy, path);
        for (String cluster : routes.clusters()) {
            if (context.clusterManager().cluster(cluster).isEmpty()) {
                throw new ConfigException(proxy.routes().isEmpty() ? path + ".cluster" : path + ".routes",
                        "cluster \"" + cluster + "\" is not defined in cluster_manager.clusters (defined: "
                                + String.join(", ", context.clusterManager().clusterNames()) + ")");
            }
        }
        int attempts = proxy.maxConnectAttempts() == null || proxy.maxConnectAttempts() == 0 ? 1 : proxy.maxConnectAttempts();
        if (attempts < 1) {
            throw new ConfigException(path + ".max_connect_attempts", "expected 1 or more, got " + attempts);
        }
        Duration idle = proxy.idleTimeout() == null ? TcpProxyConfig.DEFAULT_IDLE_TIMEOUT : proxy.idleTimeout();
        if (idle.isNegative()) {
            throw new ConfigException(path + ".idle_timeout", "expected a duration of 0s (never) or more");
        }
        TcpProxySettings settings = new TcpProxySettings(context.listenerName(), routes, context.clusterManager(),
                attempts, idle);
        return filters -> filters.addReadFilter(new TcpProxyFilter(settings));
    }
}
