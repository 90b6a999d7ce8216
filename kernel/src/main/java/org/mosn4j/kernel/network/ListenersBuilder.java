package org.mosn4j.kernel.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.FilterChainConfig;
import org.mosn4j.kernel.config.FilterConfig;
import org.mosn4j.kernel.config.ListenerConfig;
import org.mosn4j.kernel.config.SocketAddresses;
import org.mosn4j.kernel.plugin.ExtensionKind;
import org.mosn4j.kernel.plugin.ExtensionRegistry;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.mosn4j.spi.upstream.ClusterManager;

/**
 * Checks {@code servers[0].listeners} and builds a {@link ListenerSpec} for each: address, options, and the
 * network filters configured through their factories (which is where a missing plugin is reported).
 */
public final class ListenersBuilder {

    private ListenersBuilder() {
    }

    /**
     * @param listeners the listener configs
     * @param registry installed extensions
     * @param clusters the clusters filters may refer to
     * @param problems where errors are collected
     * @return the specs of the listeners without errors
     */
    public static List<ListenerSpec> build(List<ListenerConfig> listeners, ExtensionRegistry registry,
            ClusterManager clusters, ConfigProblems problems) {
        List<ListenerSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < listeners.size(); i++) {
            String path = "servers[0].listeners[" + i + "]";
            ListenerConfig config = listeners.get(i);
            String name = config.name() == null || config.name().isEmpty() ? "listener" + i : config.name();
            if (!names.add(name)) {
                problems.add(new ConfigException(path + ".name", "listener \"" + name + "\" is defined twice"));
                continue;
            }
            ListenerSpec spec = buildOne(name, config, path, registry, clusters, problems);
            if (spec != null) {
                specs.add(spec);
            }
        }
        return specs;
    }

    private static ListenerSpec buildOne(String name, ListenerConfig config, String path, ExtensionRegistry registry,
            ClusterManager clusters, ConfigProblems problems) {
        InetSocketAddress address = null;
        try {
            address = SocketAddresses.parse(config.address(), path + ".address");
            if (config.network() != null && !config.network().isEmpty() && !config.network().equalsIgnoreCase("tcp")) {
                throw new ConfigException(path + ".network", "network \"" + config.network()
                        + "\" is not supported (supported: tcp)");
            }
            if (Boolean.TRUE.equals(config.useOriginalDst())) {
                throw new ConfigException(path + ".use_original_dst", "use_original_dst is not supported");
            }
        } catch (ConfigException e) {
            problems.add(e);
        }
        List<NetworkFilterInstaller> installers = new ArrayList<>();
        if (config.filterChains().size() > 1) {
            problems.add(new ConfigException(path + ".filter_chains", "expected one filter chain, got "
                    + config.filterChains().size() + " (choosing a chain by TLS server name needs tls_context support)"));
        }
        int problemsBefore = problems.all().size();
        for (int c = 0; c < config.filterChains().size(); c++) {
            FilterChainConfig chain = config.filterChains().get(c);
            String chainPath = path + ".filter_chains[" + c + "]";
            if (chain.tlsContext() != null && chain.tlsContext().enabled()) {
                problems.add(new ConfigException(chainPath + ".tls_context.status",
                        "TLS is not supported by this version; set status to false or remove tls_context"));
            }
            for (int f = 0; f < chain.filters().size(); f++) {
                String filterPath = chainPath + ".filters[" + f + "]";
                FilterConfig filter = chain.filters().get(f);
                try {
                    installers.add(configure(filter, filterPath, name, registry, clusters));
                } catch (ConfigException e) {
                    problems.add(e);
                }
            }
        }
        for (int s = 0; s < config.streamFilters().size(); s++) {
            String filterPath = path + ".stream_filters[" + s + "]";
            FilterConfig filter = config.streamFilters().get(s);
            try {
                requireType(filter, filterPath);
                registry.require(ExtensionKind.STREAM_FILTER, filter.type(), filterPath + ".type");
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        if (address == null || problems.all().size() > problemsBefore) {
            return null;
        }
        return new ListenerSpec(name, config.address(), address, config.bindsPort(), Boolean.TRUE.equals(config.reuseport()),
                config.connectionIdleTimeout(), config.bufferLimitBytes(), List.copyOf(installers));
    }

    private static NetworkFilterInstaller configure(FilterConfig filter, String path, String listenerName,
            ExtensionRegistry registry, ClusterManager clusters) throws ConfigException {
        requireType(filter, path);
        NetworkFilterFactory factory = registry.require(ExtensionKind.NETWORK_FILTER, filter.type(), path + ".type");
        JsonNode config = filter.config() == null || filter.config().isNull()
                ? ConfigBinder.INSTANCE.mapper().createObjectNode() : filter.config();
        return factory.configure(config,
                new KernelFilterContext(listenerName, path + ".config", clusters, registry));
    }

    private static void requireType(FilterConfig filter, String path) throws ConfigException {
        if (filter.type() == null || filter.type().isEmpty()) {
            throw new ConfigException(path + ".type", "expected a filter type string, got nothing");
        }
    }
}
