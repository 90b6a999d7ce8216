package org.mosn4j.kernel.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.accesslog.AccessLog;
import org.mosn4j.kernel.config.ClusterConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.config.ListenerConfig;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.kernel.config.ServerConfigChecker;
import org.mosn4j.kernel.dynamic.ConfigDocument.Section;
import org.mosn4j.kernel.network.BindException;
import org.mosn4j.kernel.network.KernelServices;
import org.mosn4j.kernel.network.Listener;
import org.mosn4j.kernel.network.ListenerSpec;
import org.mosn4j.kernel.network.ListenersBuilder;
import org.mosn4j.kernel.router.RouterSources;
import org.mosn4j.kernel.router.RouterTables;
import org.mosn4j.kernel.stats.ListenerStats;
import org.mosn4j.kernel.stats.StatsRegistry;
import org.mosn4j.kernel.upstream.ClusterManagerBuilder;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.config.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server's {@link ConfigUpdater}. A change is first checked whole against the config it would
 * produce: the new and changed clusters, router configs and listeners are built (and new addresses tried),
 * and nothing is touched when anything is wrong. Then it is put in force:
 * <ul>
 *   <li>clusters: the cluster map is replaced at once; a changed or removed cluster's connection pools are
 *       retired (idle connections close, busy ones after their streams) and its health checks replaced or
 *       stopped; a cluster whose hosts alone changed keeps its object, and hosts that stay keep their connections,
 *       stats and health;</li>
 *   <li>router configs: all tables are replaced at once; each new stream looks its table up by name;</li>
 *   <li>listeners: a changed listener on the same address builds new connections from the new config while open
 *       ones keep theirs; a removed one (or one moved to another address) stops accepting and drains its
 *       connections for up to {@code graceful_timeout}, then closes what is left.</li>
 * </ul>
 * Thread-safe: changes are applied one at a time.
 */
public final class RuntimeConfigUpdater implements ConfigUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeConfigUpdater.class);

    private final ServerParts parts;
    /* Guarded by this. */
    private ObjectNode effective;

    /**
     * @param parts the running server's parts
     * @param initial the config the server started with (copied)
     */
    public RuntimeConfigUpdater(ServerParts parts, JsonNode initial) {
        this.parts = parts;
        this.effective = initial.deepCopy();
    }

    /** Applies submitted changes one at a time, off the event loops. */
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "mosn4j-config-update");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public CompletableFuture<JsonNode> submit(ConfigChange change) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(apply(change));
                } catch (InvalidConfigException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the server is stopping"));
        }
        return result;
    }

    /** Stops taking changes; the one being applied finishes. */
    public void close() {
        executor.shutdown();
    }

    @Override
    public synchronized JsonNode effectiveConfig() {
        return effective.deepCopy();
    }

    @Override
    public synchronized JsonNode apply(ConfigChange change) throws InvalidConfigException {
        ConfigProblems problems = new ConfigProblems();
        ChangePlan plan = ChangePlan.of(effective, change, problems);
        problems.throwIfAny();
        Checked checked = check(plan, problems);
        if (!problems.isEmpty()) {
            checked.discard();
            throw new InvalidConfigException(plan.inRequestTerms(problems.all()));
        }
        checked.discard();
        putInForce(plan, checked);
        effective = plan.candidate().root();
        LOG.info("config change applied: listeners +{} ~{} -{}, clusters +{} ~{} -{} (hosts only: {}), routers +{} ~{} -{}",
                plan.added(Section.LISTENERS), plan.changed(Section.LISTENERS), plan.removed(Section.LISTENERS),
                plan.added(Section.CLUSTERS), plan.changed(Section.CLUSTERS), plan.removed(Section.CLUSTERS),
                plan.hostsOnly(), plan.added(Section.ROUTERS), plan.changed(Section.ROUTERS),
                plan.removed(Section.ROUTERS));
        return effective.deepCopy();
    }

    /** What checking a change built, to put in force or throw away. */
    private record Checked(MosnConfig config, RouterTables routers, Map<String, StaticCluster> clusters,
            Map<String, List<DefaultHost>> hosts, List<ListenerSpec> listeners) {

        /** Closes what the listener specs built for checking opened. */
        void discard() {
            if (listeners != null) {
                listeners.forEach(spec -> spec.accessLogs().forEach(AccessLog::close));
            }
        }
    }

    private Checked check(ChangePlan plan, ConfigProblems problems) {
        MosnConfig config;
        try {
            config = ConfigBinder.INSTANCE.bind(plan.candidate().root(), MosnConfig.class, "");
        } catch (ConfigException e) {
            problems.add(e);
            return new Checked(null, null, Map.of(), Map.of(), List.of());
        }
        ServerConfigChecker.check(config, problems);
        RouterTables routers = RouterTables.build(RouterSources.collect(config, problems), parts.services().registry(),
                problems);
        Map<String, StaticCluster> clusters = new LinkedHashMap<>();
        Map<String, List<DefaultHost>> hosts = new LinkedHashMap<>();
        List<ClusterConfig> clusterConfigs = config.clusterManager().clusters();
        for (int i = 0; i < clusterConfigs.size(); i++) {
            ClusterConfig cluster = clusterConfigs.get(i);
            String path = "cluster_manager.clusters[" + i + "]";
            try {
                if (plan.added(Section.CLUSTERS).contains(cluster.name())
                        || plan.changed(Section.CLUSTERS).contains(cluster.name())) {
                    clusters.put(cluster.name(), ClusterManagerBuilder.buildCluster(cluster, parts.transport(), path));
                } else if (plan.hostsOnly().contains(cluster.name())) {
                    hosts.put(cluster.name(), ClusterManagerBuilder.buildHosts(cluster.hosts(), cluster.name(),
                            path + ".hosts"));
                }
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        Map<String, StaticCluster> resulting = new LinkedHashMap<>(parts.services().clusters().all());
        plan.removed(Section.CLUSTERS).forEach(resulting::remove);
        resulting.putAll(clusters);
        KernelServices checking = new KernelServices(DefaultClusterManager.of(resulting), parts.services().registry(),
                routers, parts.services().pools(), parts.services().tracer());
        List<ListenerSpec> listeners = buildListeners(config, plan, checking, problems);
        checkAddresses(config, plan, problems);
        checkRouterReferences(config, plan, routers, problems);
        return new Checked(config, routers, clusters, hosts, listeners);
    }

    /** Builds the added and changed listeners, with the stats of those they replace. */
    private List<ListenerSpec> buildListeners(MosnConfig config, ChangePlan plan, KernelServices services,
            ConfigProblems problems) {
        List<ListenerConfig> configs = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        Map<String, ListenerStats> stats = new LinkedHashMap<>();
        List<ListenerConfig> all = config.server().listeners();
        for (int i = 0; i < all.size(); i++) {
            String name = all.get(i).name();
            if (plan.added(Section.LISTENERS).contains(name) || plan.changed(Section.LISTENERS).contains(name)) {
                configs.add(all.get(i));
                paths.add("servers[0].listeners[" + i + "]");
                Listener running = running(name);
                if (running != null) {
                    stats.put(name, running.spec().stats());
                }
            }
        }
        return ListenersBuilder.build(configs, paths, stats, services, problems);
    }

    /** Tries each address a listener would newly bind, so a port in use fails the change before anything moves. */
    private void checkAddresses(MosnConfig config, ChangePlan plan, ConfigProblems problems) {
        List<ListenerConfig> all = config.server().listeners();
        for (int i = 0; i < all.size(); i++) {
            ListenerConfig listener = all.get(i);
            Listener running = running(listener.name());
            boolean fresh = plan.added(Section.LISTENERS).contains(listener.name())
                    || plan.changed(Section.LISTENERS).contains(listener.name()) && running != null
                    && !sameAddress(running, listener);
            if (!fresh || !listener.bindsPort()) {
                continue;
            }
            String path = "servers[0].listeners[" + i + "].address";
            try {
                InetSocketAddress address = org.mosn4j.kernel.config.SocketAddresses.parse(listener.address(), path);
                if (address.getPort() != 0) {
                    try (ServerSocket probe = new ServerSocket()) {
                        probe.setReuseAddress(true);
                        probe.bind(address);
                    }
                }
            } catch (ConfigException e) {
                // reported by the listener's build
            } catch (IOException e) {
                problems.add(new ConfigException(path, "cannot bind " + listener.address() + ": " + e.getMessage()));
            }
        }
    }

    /** A router config that a listener staying unchanged uses must stay. */
    private void checkRouterReferences(MosnConfig config, ChangePlan plan, RouterTables routers,
            ConfigProblems problems) {
        List<ListenerConfig> all = config.server().listeners();
        JsonNode listeners = plan.candidate().list(Section.LISTENERS);
        for (int i = 0; i < all.size(); i++) {
            String name = all.get(i).name();
            if (plan.added(Section.LISTENERS).contains(name) || plan.changed(Section.LISTENERS).contains(name)) {
                continue;
            }
            for (String router : routerNames(listeners.get(i))) {
                if (routers.get(router) == null) {
                    problems.add(new ConfigException("servers[0].listeners[" + i + "]", "listener \"" + name
                            + "\" uses router config \"" + router + "\", which the change removes"));
                }
            }
        }
    }

    private static Set<String> routerNames(JsonNode listener) {
        Set<String> names = new HashSet<>();
        collect(listener, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equalsIgnoreCase("router_config_name") && e.getValue().isTextual()
                        && !e.getKey().isEmpty()) {
                    names.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        }
    }

    private void putInForce(ChangePlan plan, Checked checked) throws InvalidConfigException {
        parts.services().routers().replaceWith(checked.routers());
        updateClusters(plan, checked);
        ConfigProblems problems = new ConfigProblems();
        List<ListenerSpec> specs = buildListeners(checked.config(), plan, parts.services(), problems);
        if (!problems.isEmpty()) {
            // Built a moment ago from the same config; only a file that changed in between (a certificate) can do it.
            specs.forEach(spec -> spec.accessLogs().forEach(AccessLog::close));
            throw new InvalidConfigException(plan.inRequestTerms(problems.all()));
        }
        Map<String, ListenerSpec> byName = new LinkedHashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        for (String name : plan.removed(Section.LISTENERS)) {
            retire(running(name));
        }
        for (String name : plan.changed(Section.LISTENERS)) {
            Listener running = running(name);
            ListenerSpec spec = byName.get(name);
            if (running != null && running.spec().address().equals(spec.address()) && running.boundAddress() != null) {
                parts.retiredSpecs().add(running.replaceSpec(spec));
            } else {
                retire(running);
                start(spec);
            }
        }
        for (String name : plan.added(Section.LISTENERS)) {
            start(byName.get(name));
        }
    }

    private void updateClusters(ChangePlan plan, Checked checked) {
        DefaultClusterManager manager = parts.services().clusters();
        Map<String, StaticCluster> next = new LinkedHashMap<>(manager.all());
        plan.removed(Section.CLUSTERS).forEach(next::remove);
        next.putAll(checked.clusters());
        Map<String, StaticCluster> ordered = new LinkedHashMap<>();
        for (ClusterConfig config : checked.config().clusterManager().clusters()) {
            StaticCluster cluster = next.get(config.name());
            if (cluster != null) {
                ordered.put(config.name(), cluster);
            }
        }
        manager.replace(ordered);
        for (String name : plan.removed(Section.CLUSTERS)) {
            parts.services().pools().retire(name, host -> true);
            parts.healthChecks().forget(name);
            parts.stats().unregister(StatsRegistry.UPSTREAM, "cluster." + name);
        }
        checked.clusters().forEach((name, cluster) -> {
            parts.services().pools().retire(name, host -> true);
            parts.healthChecks().check(cluster);
            DefaultClusterManager.registerStats(parts.stats(), cluster);
            if (parts.metrics() != null) {
                parts.metrics().bindCluster(name, cluster.stats().requests());
            }
        });
        checked.hosts().forEach((name, hosts) -> {
            StaticCluster cluster = ordered.get(name);
            List<DefaultHost> removed = cluster.updateHosts(hosts);
            Set<String> stay = new HashSet<>();
            cluster.hosts().forEach(host -> stay.add(host.address()));
            Set<String> gone = new HashSet<>();
            removed.forEach(host -> gone.add(host.address()));
            gone.removeAll(stay);
            if (!gone.isEmpty()) {
                parts.services().pools().retire(name, gone::contains);
            }
            parts.healthChecks().check(cluster);
            DefaultClusterManager.registerStats(parts.stats(), cluster);
        });
    }

    private void start(ListenerSpec spec) throws InvalidConfigException {
        Listener listener = new Listener(spec, spec.stats().connections());
        if (spec.bindPort()) {
            try {
                listener.bind(parts.transport(), parts.workers(), parts.connections());
            } catch (BindException e) {
                spec.accessLogs().forEach(AccessLog::close);
                throw new InvalidConfigException(List.of(new ConfigException("listeners", e.getMessage())));
            }
        }
        parts.listeners().add(listener);
        parts.stats().register(StatsRegistry.DOWNSTREAM, "listener." + spec.name(), spec.stats()::view);
        if (parts.metrics() != null) {
            parts.metrics().bindListener(spec.name(), spec.stats().requests());
        }
    }

    /** Stops accepting on {@code listener} and drains its connections in the background. */
    private void retire(Listener listener) {
        if (listener == null) {
            return;
        }
        parts.listeners().remove(listener);
        listener.stopAccepting();
        parts.stats().unregister(StatsRegistry.DOWNSTREAM, "listener." + listener.spec().name());
        Duration timeout = gracefulTimeout();
        String name = listener.spec().name();
        LOG.info("listener {} removed: no new connections; draining {} open connection(s) for up to {}", name,
                listener.connections().openConnections(), GoDuration.format(timeout));
        CompletableFuture<Void> drained = listener.connections().drain();
        drained.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("listener {}: graceful_timeout {} passed with {} connection(s) open; closing them", name,
                        GoDuration.format(timeout), listener.connections().openConnections());
                listener.connections().closeAll();
            } else {
                LOG.info("listener {}: drained", name);
            }
            parts.retiredSpecs().add(listener.spec());
        });
    }

    private Duration gracefulTimeout() {
        try {
            return ConfigBinder.INSTANCE.bind(effective, MosnConfig.class, "").server().effectiveGracefulTimeout();
        } catch (ConfigException e) {
            return Duration.ofSeconds(30);
        }
    }

    private Listener running(String name) {
        for (Listener listener : parts.listeners()) {
            if (listener.spec().name().equals(name)) {
                return listener;
            }
        }
        return null;
    }

    private static boolean sameAddress(Listener running, ListenerConfig config) {
        return config.address() != null && config.address().equals(running.spec().addressText());
    }
}
