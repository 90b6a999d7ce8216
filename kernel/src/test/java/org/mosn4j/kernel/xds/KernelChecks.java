package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.List;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.ListenerConfig;
import org.mosn4j.kernel.config.RouterConfig;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.proxy.ProxyConfig;
import org.mosn4j.kernel.router.NamedRouterConfig;
import org.mosn4j.kernel.router.RouterTables;
import org.mosn4j.kernel.upstream.ClusterManagerBuilder;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/** Runs translated JSON through the kernel's own config checks, so a translation the kernel would refuse fails. */
final class KernelChecks {

    private KernelChecks() {
    }

    /** Builds the clusters the way the server does and expects no problem. */
    static void clustersBuild(ObjectNode... clusters) throws Exception {
        ObjectNode manager = ConfigBinder.INSTANCE.mapper().createObjectNode();
        manager.putArray("clusters").addAll(List.of(clusters));
        ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(manager, ClusterManagerConfig.class, "cluster_manager");
        ConfigProblems problems = new ConfigProblems();
        ClusterManagerBuilder.build(config, Transport.NIO, problems);
        assertEquals(List.of(), messages(problems.all()));
    }

    /** Builds the router configs the way the server does and expects no problem. */
    static void routersBuild(JsonNode... routers) throws Exception {
        ConfigProblems problems = new ConfigProblems();
        PluginHost host = PluginHost.load(Files.createTempDirectory("mosn4j-plugins"));
        try {
            List<NamedRouterConfig> configs = new java.util.ArrayList<>();
            for (int i = 0; i < routers.length; i++) {
                String path = "routers[" + i + "]";
                configs.add(new NamedRouterConfig(ConfigBinder.INSTANCE.bind(routers[i], RouterConfig.class, path), path));
            }
            RouterTables.build(configs, host.registry(), problems);
        } finally {
            host.stop();
        }
        assertEquals(List.of(), messages(problems.all()));
    }

    /** Binds a listener and its filters' configs to the kernel's records. */
    static ListenerConfig listenerBinds(JsonNode listener) throws ConfigException {
        ListenerConfig config = ConfigBinder.INSTANCE.bind(listener, ListenerConfig.class, "listener");
        var filter = config.filterChains().get(0).filters().get(0);
        if (filter.type().equals("proxy")) {
            ConfigBinder.INSTANCE.bind(filter.config(), ProxyConfig.class, "listener.filter_chains[0].filters[0].config");
        }
        return config;
    }

    private static List<String> messages(List<ConfigException> problems) {
        return problems.stream().map(Throwable::getMessage).toList();
    }
}
