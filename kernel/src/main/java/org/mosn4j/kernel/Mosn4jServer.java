package org.mosn4j.kernel;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mosn4j.kernel.accesslog.AccessLog;
import org.mosn4j.kernel.admin.AdminContext;
import org.mosn4j.kernel.admin.AdminServer;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.config.LoadedConfig;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.kernel.config.ServerConfigChecker;
import org.mosn4j.kernel.dynamic.ConfigUpdater;
import org.mosn4j.kernel.dynamic.RuntimeConfigUpdater;
import org.mosn4j.kernel.dynamic.ServerParts;
import org.mosn4j.kernel.log.LogLevels;
import org.mosn4j.kernel.metrics.MetricsSettings;
import org.mosn4j.kernel.metrics.PrometheusMetrics;
import org.mosn4j.kernel.network.BindException;
import org.mosn4j.kernel.network.ConnectionTracker;
import org.mosn4j.kernel.network.KernelServices;
import org.mosn4j.kernel.network.Listener;
import org.mosn4j.kernel.network.ListenerSpec;
import org.mosn4j.kernel.network.ListenersBuilder;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.network.tls.TlsEngine;
import org.mosn4j.kernel.network.upgrade.HotUpgrade;
import org.mosn4j.kernel.network.upgrade.InheritedSockets;
import org.mosn4j.kernel.network.upgrade.ListenerHandoverServer;
import org.mosn4j.kernel.network.upgrade.OfferedSocket;
import org.mosn4j.kernel.network.upgrade.Predecessor;
import org.mosn4j.kernel.network.upgrade.SocketKey;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.router.RouterSources;
import org.mosn4j.kernel.router.RouterTables;
import org.mosn4j.kernel.stats.StatsRegistry;
import org.mosn4j.kernel.tracing.Tracer;
import org.mosn4j.kernel.upstream.ClusterManagerBuilder;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.health.HealthCheckService;
import org.mosn4j.kernel.upstream.pool.UpstreamPools;
import org.mosn4j.kernel.xds.XdsBootstrap;
import org.mosn4j.kernel.xds.XdsClient;
import org.mosn4j.kernel.xds.XdsSettings;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.config.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running proxy: clusters, listeners and the admin API built from a config and the installed plugins.
 *
 * <p>{@link #prepare} checks everything and binds nothing, so a bad config never opens a port;
 * {@link #start()} binds; {@link #stopGracefully()} and {@link #stopNow()} end it. Thread-safe.
 */
public final class Mosn4jServer {

    private static final Logger LOG = LoggerFactory.getLogger(Mosn4jServer.class);

    private final LoadedConfig config;
    private final PluginHost plugins;
    private final Transport transport;
    private final DefaultClusterManager clusters;
    private final UpstreamPools pools;
    private final List<ListenerSpec> listenerSpecs;
    private final InetSocketAddress adminAddress;
    private final MetricsSettings metricsSettings;
    private final StatsRegistry stats = new StatsRegistry();
    private final ConnectionTracker connections = new ConnectionTracker();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Listener specs a config change replaced or removed; their access logs close when the server stops. */
    private final List<ListenerSpec> retiredSpecs = new CopyOnWriteArrayList<>();
    private final KernelServices services;
    private RuntimeConfigUpdater updater;
    /** The xDS bootstrap, or null when the config has no dynamic_resources. */
    private final XdsSettings xdsSettings;
    private XdsClient xds;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ServerState state = ServerState.INITING;
    private EventLoopGroup workers;
    private AdminServer admin;
    private HealthCheckService healthChecks;
    private PrometheusMetrics metrics;
    private final List<AdminServer> metricsSinks = new ArrayList<>();
    private HotUpgrade hotUpgrade = HotUpgrade.OFF;
    private ListenerHandoverServer handoverServer;

    private Mosn4jServer(LoadedConfig config, PluginHost plugins, Transport transport, DefaultClusterManager clusters,
            UpstreamPools pools, List<ListenerSpec> listenerSpecs, InetSocketAddress adminAddress,
            MetricsSettings metricsSettings, KernelServices services, XdsSettings xdsSettings) {
        this.pools = pools;
        this.xdsSettings = xdsSettings;
        this.services = services;
        this.config = config;
        this.plugins = plugins;
        this.transport = transport;
        this.clusters = clusters;
        this.listenerSpecs = listenerSpecs;
        this.adminAddress = adminAddress;
        this.metricsSettings = metricsSettings;
    }

    /**
     * Checks a config against the installed plugins and builds everything short of binding.
     *
     * @param config the loaded config
     * @param plugins the plugin host
     * @return a server ready to {@link #start()}
     * @throws InvalidConfigException listing every error with its JSON path
     */
    public static Mosn4jServer prepare(LoadedConfig config, PluginHost plugins) throws InvalidConfigException {
        MosnConfig mosn = config.config();
        ConfigProblems problems = new ConfigProblems();
        ServerConfigChecker.check(mosn, problems);
        Transport transport = Transport.detect();
        DefaultClusterManager clusters = ClusterManagerBuilder.build(mosn.clusterManager(), transport, problems);
        RouterTables routers = RouterTables.build(RouterSources.collect(mosn, problems), plugins.registry(), problems);
        UpstreamPools pools = new UpstreamPools();
        KernelServices services = new KernelServices(clusters, plugins.registry(), routers, pools,
                Tracer.build(mosn.tracing(), problems));
        List<ListenerSpec> specs = ListenersBuilder.build(mosn.server().listeners(), services, problems);
        MetricsSettings metrics = MetricsSettings.from(mosn.metrics(), mosn.admin() != null, problems);
        InetSocketAddress admin = null;
        try {
            admin = ServerConfigChecker.adminAddress(mosn.admin());
        } catch (ConfigException e) {
            // already reported by the check above
        }
        XdsSettings xds = null;
        try {
            xds = XdsBootstrap.settings(mosn);
        } catch (InvalidConfigException e) {
            e.problems().forEach(problems::add);
        }
        if (!problems.isEmpty()) {
            specs.forEach(spec -> spec.accessLogs().forEach(AccessLog::close));
            problems.throwIfAny();
        }
        return new Mosn4jServer(config, plugins, transport, clusters, pools, specs, admin, metrics, services, xds);
    }

    /**
     * Sets the hot upgrade settings: where this server offers its listening sockets to a successor, and whether
     * {@link #start()} takes them over from the running process instead of binding. Call before {@link #start()}.
     *
     * @param hotUpgrade the settings; {@link HotUpgrade#OFF} by default
     */
    public synchronized void hotUpgrade(HotUpgrade hotUpgrade) {
        this.hotUpgrade = hotUpgrade;
    }

    /**
     * Sets up logging, starts the event loops and binds every listener and the admin API.
     *
     * @throws BindException when an address cannot be bound, or a hot upgrade cannot take the sockets over
     *         ({@link org.mosn4j.kernel.network.upgrade.HandoverException}); nothing stays bound then, and the
     *         running process keeps its sockets
     */
    public synchronized void start() throws BindException {
        state = ServerState.STARTING;
        var server = config.config().server();
        LogLevels logLevels = LogLevels.configure(server.defaultLogPath(), server.defaultLogLevel());
        int threads = server.processor() == null || server.processor() == 0
                ? Runtime.getRuntime().availableProcessors() : server.processor();
        workers = transport.newEventLoopGroup(threads, "mosn4j-worker");
        LOG.info("mosn4j {} starting: {} transport{}, {} event loops, plugins from {}", Version.get(),
                transport.displayName(), transport == Transport.NIO && Transport.epollUnavailabilityCause() != null
                        ? " (epoll unavailable: " + Transport.epollUnavailabilityCause() + ")" : "",
                threads, plugins.pluginsDir());
        clusters.registerStats(stats);
        metrics = new PrometheusMetrics(stats, metricsSettings);
        clusters.clusterNames().forEach(name -> metrics.bindCluster(name, clusters.staticCluster(name).stats().requests()));
        healthChecks = HealthCheckService.start(clusters, transport);
        updater = new RuntimeConfigUpdater(new ServerParts(transport, workers, connections, services, stats, metrics,
                healthChecks, listeners, retiredSpecs), config.raw());
        InheritedSockets inherited = InheritedSockets.NONE;
        try {
            inherited = hotUpgrade.takeOver(transport, workers, socketKeys());
            for (ListenerSpec spec : listenerSpecs) {
                stats.register(StatsRegistry.DOWNSTREAM, "listener." + spec.name(), spec.stats()::view);
                metrics.bindListener(spec.name(), spec.stats().requests());
                Listener listener = new Listener(spec, spec.stats().connections());
                if (spec.bindPort()) {
                    listener.bind(transport, workers, connections,
                            inherited.binder(SocketKey.listener(spec.name(), spec.address())));
                } else {
                    LOG.info("listener {} is not bound (bind_port is false)", spec.name());
                }
                listeners.add(listener);
            }
            if (adminAddress != null) {
                admin = new AdminServer(new AdminContext(Version.get(), updater::effectiveConfig, stats, () -> state.code(),
                        logLevels, this::features, plugins, metrics, updater, config.source()));
                admin.bind(adminAddress, transport, workers, inherited.binder(SocketKey.admin(adminAddress)));
            } else {
                LOG.info("no admin block in the config: admin API off");
            }
            for (MetricsSettings.Sink sink : metricsSettings.sinks()) {
                AdminServer sinkServer = AdminServer.metricsSink(sink.endpoint(), metrics, "prometheus sink " + sink.path());
                metricsSinks.add(sinkServer);
                sinkServer.bind(sink.address(), transport, workers,
                        inherited.binder(SocketKey.metricsSink(sink.address())));
            }
            inherited.commit();
        } catch (BindException e) {
            inherited.abort(e.getMessage());
            stopNow();
            throw e;
        }
        if (xdsSettings != null) {
            xds = new XdsClient(xdsSettings, updater);
            xds.start();
        }
        handoverServer = hotUpgrade.offer(transport, workers, new Predecessor() {
            @Override
            public List<OfferedSocket> offeredSockets() {
                return Mosn4jServer.this.offeredSockets();
            }

            @Override
            public void stopAccepting() {
                stopAcceptingForSuccessor();
            }

            @Override
            public void drain() {
                stopGracefully();
            }
        });
        state = ServerState.RUNNING;
        LOG.info("mosn4j started");
    }

    /** @return every socket this server is about to listen on, as a successor or predecessor names it */
    private List<SocketKey> socketKeys() {
        List<SocketKey> keys = new ArrayList<>();
        listenerSpecs.stream().filter(ListenerSpec::bindPort)
                .forEach(spec -> keys.add(SocketKey.listener(spec.name(), spec.address())));
        if (adminAddress != null) {
            keys.add(SocketKey.admin(adminAddress));
        }
        metricsSettings.sinks().forEach(sink -> keys.add(SocketKey.metricsSink(sink.address())));
        return keys;
    }

    /** @return the listening sockets a successor can take over, or null when not running */
    private synchronized List<OfferedSocket> offeredSockets() {
        if (state != ServerState.RUNNING) {
            return null;
        }
        List<OfferedSocket> offered = new ArrayList<>();
        for (Listener listener : listeners) {
            if (listener.serverChannel() != null) {
                offered.add(new OfferedSocket(SocketKey.listener(listener.spec().name(), listener.spec().address()),
                        listener.serverChannel()));
            }
        }
        if (admin != null) {
            offered.add(new OfferedSocket(SocketKey.admin(adminAddress), admin.serverChannel()));
        }
        List<MetricsSettings.Sink> sinks = metricsSettings.sinks();
        for (int i = 0; i < metricsSinks.size(); i++) {
            offered.add(new OfferedSocket(SocketKey.metricsSink(sinks.get(i).address()),
                    metricsSinks.get(i).serverChannel()));
        }
        return offered;
    }

    /** A successor took the sockets over: stop accepting on all of them; {@link #stopGracefully()} follows. */
    private synchronized void stopAcceptingForSuccessor() {
        listeners.forEach(Listener::stopAccepting);
        if (admin != null) {
            admin.close();
        }
        metricsSinks.forEach(AdminServer::close);
    }

    private Map<String, Boolean> features() {
        Map<String, Boolean> features = new LinkedHashMap<>();
        features.put("transport.epoll", transport == Transport.EPOLL);
        features.put("transport.nio", transport == Transport.NIO);
        features.put("tls.openssl", TlsEngine.current() == TlsEngine.OPENSSL);
        features.put("tls.jdk", TlsEngine.current() == TlsEngine.JDK);
        return features;
    }

    /**
     * Stops accepting, waits up to {@code graceful_timeout} for open connections to finish, then closes what
     * is left and releases everything.
     */
    public void stopGracefully() {
        Duration timeout = config.config().server().effectiveGracefulTimeout();
        synchronized (this) {
            if (state == ServerState.STOPPED || state == ServerState.GRACEFUL_STOPPING) {
                return;
            }
            state = ServerState.GRACEFUL_STOPPING;
            listeners.forEach(Listener::stopAccepting);
            awaitQueuedRegistrations();
            LOG.info("graceful stop: no new connections; waiting up to {} for {} open connection(s)",
                    GoDuration.format(timeout), connections.openConnections());
        }
        try {
            connections.drain().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("graceful stop: all connections finished");
        } catch (TimeoutException e) {
            LOG.warn("graceful stop: graceful_timeout {} passed with {} connection(s) open; closing them",
                    GoDuration.format(timeout), connections.openConnections());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("graceful stop: drain failed", e);
        }
        stopNow();
    }

    /**
     * Waits until the connections accepted just before the listeners closed are registered with their event loops,
     * and so tracked and drained: a task queued on every loop runs after the registrations queued before it.
     */
    private void awaitQueuedRegistrations() {
        if (workers != null) {
            workers.forEach(loop -> loop.submit(() -> { }).awaitUninterruptibly(1, TimeUnit.SECONDS));
        }
    }

    /** Closes every listener and connection at once and releases everything. Idempotent. */
    public synchronized void stopNow() {
        if (state == ServerState.STOPPED) {
            return;
        }
        state = ServerState.STOPPING;
        if (xds != null) {
            xds.stop();
        }
        if (handoverServer != null) {
            handoverServer.close();
        }
        if (healthChecks != null) {
            healthChecks.stop();
        }
        listeners.forEach(Listener::stopAccepting);
        connections.closeAll();
        pools.closeAll();
        listenerSpecs.forEach(spec -> spec.accessLogs().forEach(AccessLog::close));
        retiredSpecs.forEach(spec -> spec.accessLogs().forEach(AccessLog::close));
        if (updater != null) {
            updater.close();
        }
        if (admin != null) {
            admin.close();
        }
        metricsSinks.forEach(AdminServer::close);
        if (metrics != null) {
            metrics.close();
        }
        try {
            if (workers != null) {
                workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
            plugins.stop();
        } finally {
            state = ServerState.STOPPED;
            LOG.info("mosn4j stopped");
            stopped.countDown();
        }
    }

    /** Blocks until the server has stopped. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * @param name a listener name
     * @return the address it is bound to (with the real port when config asked for port 0)
     */
    public InetSocketAddress listenerAddress(String name) {
        for (Listener listener : listeners) {
            if (listener.spec().name().equals(name)) {
                return listener.boundAddress();
            }
        }
        throw new IllegalArgumentException("no listener named " + name);
    }

    /** @return the admin API's bound address, or null when there is none */
    public InetSocketAddress adminAddress() {
        return admin == null ? null : admin.boundAddress();
    }

    /** @return the bound addresses of the Prometheus sinks that have a port, in config order */
    public List<InetSocketAddress> metricsSinkAddresses() {
        return metricsSinks.stream().map(AdminServer::boundAddress).toList();
    }

    /** @return what applies config changes to this server while it runs; null before {@link #start()} */
    public ConfigUpdater configUpdater() {
        return updater;
    }

    /** @return the stats */
    public StatsRegistry stats() {
        return stats;
    }

    /** @return the current state */
    public ServerState state() {
        return state;
    }
}
