package org.mosn4j.kernel.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mosn4j.kernel.accesslog.AccessLog;
import org.mosn4j.kernel.accesslog.AccessLogFormat;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.FilterChainConfig;
import org.mosn4j.kernel.config.FilterConfig;
import org.mosn4j.kernel.config.ListenerConfig;
import org.mosn4j.kernel.config.SocketAddresses;
import org.mosn4j.kernel.network.tls.ListenerTls;
import org.mosn4j.kernel.plugin.ExtensionKind;
import org.mosn4j.kernel.plugin.ExtensionRegistry;
import org.mosn4j.kernel.stats.ListenerStats;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.mosn4j.spi.upstream.ClusterManager;

/**
 * Checks {@code servers[0].listeners} and builds a {@link ListenerSpec} for each: address, options, the
 * network filters of each filter chain configured through their factories (which is where a missing plugin is
 * reported), and the chains' TLS.
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
    public static List<ListenerSpec> build(List<ListenerConfig> listeners, KernelServices services,
            ConfigProblems problems) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            paths.add("servers[0].listeners[" + i + "]");
        }
        return build(listeners, paths, Map.of(), services, problems);
    }

    /**
     * Builds listeners of a config change.
     *
     * @param listeners the listener configs
     * @param paths the JSON path of each, for errors
     * @param stats the stats to keep by listener name (a listener replaced by a config change counts on)
     * @param services the process-wide parts
     * @param problems where errors are collected
     * @return the specs of the listeners without errors
     */
    public static List<ListenerSpec> build(List<ListenerConfig> listeners, List<String> paths,
            Map<String, ListenerStats> stats, KernelServices services, ConfigProblems problems) {
        List<ListenerSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < listeners.size(); i++) {
            String path = paths.get(i);
            ListenerConfig config = listeners.get(i);
            String name = config.name() == null || config.name().isEmpty() ? "listener" + i : config.name();
            if (!names.add(name)) {
                problems.add(new ConfigException(path + ".name", "listener \"" + name + "\" is defined twice"));
                continue;
            }
            ListenerSpec spec = buildOne(name, config, path, stats.get(name), services, problems);
            if (spec != null) {
                specs.add(spec);
            }
        }
        return specs;
    }

    private static ListenerSpec buildOne(String name, ListenerConfig config, String path, ListenerStats kept,
            KernelServices services, ConfigProblems problems) {
        ExtensionRegistry registry = services.registry();
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
        ListenerStats stats = kept != null ? kept : new ListenerStats();
        List<StreamFilterInstaller> streamFilters = new ArrayList<>();
        for (int f = 0; f < config.streamFilters().size(); f++) {
            String filterPath = path + ".stream_filters[" + f + "]";
            FilterConfig filter = config.streamFilters().get(f);
            try {
                requireType(filter, filterPath);
                streamFilters.add(registry.configureStreamFilter(filter, new ListenerStreamFilterContext(name,
                        filterPath + ".config", services.clusters()), filterPath));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        List<AccessLog> accessLogs = new ArrayList<>();
        for (int a = 0; a < config.accessLogs().size(); a++) {
            String logPath = path + ".access_logs[" + a + "]";
            try {
                AccessLogConfig log = ConfigBinder.INSTANCE.bind(config.accessLogs().get(a), AccessLogConfig.class, logPath);
                if (log.logPath() == null || log.logPath().isEmpty()) {
                    throw new ConfigException(logPath + ".log_path", "expected a file path, \"stdout\" or \"stderr\", got nothing");
                }
                String format = log.logFormat() == null || log.logFormat().isEmpty() ? AccessLogFormat.DEFAULT_FORMAT : log.logFormat();
                accessLogs.add(AccessLog.open(log.logPath(), AccessLogFormat.parse(format, logPath + ".log_format")));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        int problemsBefore = problems.all().size();
        if (config.maxOpenConnections() < 0) {
            problems.add(new ConfigException(path + ".max_connections", "expected 0 (no limit) or a positive number of"
                    + " connections, got " + config.maxOpenConnections()));
        }
        List<List<NetworkFilterInstaller>> chains = new ArrayList<>();
        for (int c = 0; c < config.filterChains().size(); c++) {
            FilterChainConfig chain = config.filterChains().get(c);
            String chainPath = path + ".filter_chains[" + c + "]";
            List<NetworkFilterInstaller> installers = new ArrayList<>();
            for (int f = 0; f < chain.filters().size(); f++) {
                String filterPath = chainPath + ".filters[" + f + "]";
                FilterConfig filter = chain.filters().get(f);
                try {
                    installers.add(configure(filter, new KernelFilterContext(name, filterPath + ".config", services,
                            stats, List.copyOf(streamFilters), List.copyOf(accessLogs)), filterPath));
                } catch (ConfigException e) {
                    problems.add(e);
                }
            }
            chains.add(List.copyOf(installers));
        }
        ListenerTls tls = ListenerTls.build(name, path, config, chains, stats.connections(), problems);
        if (tls == null && chains.size() > 1 && problems.all().size() == problemsBefore) {
            problems.add(new ConfigException(path + ".filter_chains", "expected one filter chain, got " + chains.size()
                    + " (several chains are chosen between by TLS server name: give each a tls_context)"));
        }
        if (address == null || problems.all().size() > problemsBefore) {
            accessLogs.forEach(AccessLog::close);
            return null;
        }
        List<NetworkFilterInstaller> plaintext = chains.isEmpty() ? List.of() : chains.get(0);
        return new ListenerSpec(name, config.address(), address, config.bindsPort(), Boolean.TRUE.equals(config.reuseport()),
                config.connectionIdleTimeout(), config.bufferLimitBytes(), config.maxOpenConnections(), plaintext, tls, stats,
                List.copyOf(accessLogs));
    }

    private static NetworkFilterInstaller configure(FilterConfig filter, KernelFilterContext context, String path)
            throws ConfigException {
        requireType(filter, path);
        NetworkFilterFactory factory = context.registry().require(ExtensionKind.NETWORK_FILTER, filter.type(), path + ".type");
        return factory.configure(configOrEmpty(filter), context);
    }

    private static JsonNode configOrEmpty(FilterConfig filter) {
        return filter.config() == null || filter.config().isNull()
                ? ConfigBinder.INSTANCE.mapper().createObjectNode() : filter.config();
    }

    /** A stream filter factory's context. */
    private record ListenerStreamFilterContext(String listenerName, String configPath, ClusterManager clusterManager)
            implements StreamFilterContext {
    }

    /** The {@code access_logs[]} entry. */
    private record AccessLogConfig(String logPath, String logFormat) {
    }

    private static void requireType(FilterConfig filter, String path) throws ConfigException {
        if (filter.type() == null || filter.type().isEmpty()) {
            throw new ConfigException(path + ".type", "expected a filter type string, got nothing");
        }
    }
}
