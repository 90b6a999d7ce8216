package org.mosn4j.kernel.network.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.FilterChainConfig;
import org.mosn4j.kernel.config.ListenerConfig;
import org.mosn4j.kernel.config.TlsContextConfig;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.kernel.stats.TlsCounters;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of a listener: its TLS filter chains (chosen by SNI, the first by default), and, with
 * {@code "inspector": true}, the chain plaintext connections on the same port get. Each accepted connection
 * gets its own handlers from {@link #initChannel}. Immutable; certificates inside reload themselves.
 */
public final class ListenerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);

    private final String name;
    private final List<ServerChain> chains;
    private final List<NetworkFilterInstaller> plaintextInstallers;
    private final Duration handshakeTimeout;
    private final TlsCounters counters;

    private ListenerTls(String name, List<ServerChain> chains, List<NetworkFilterInstaller> plaintextInstallers,
            Duration handshakeTimeout, TlsCounters counters) {
        this.name = name;
        this.chains = List.copyOf(chains);
        this.plaintextInstallers = plaintextInstallers;
        this.handshakeTimeout = handshakeTimeout;
        this.counters = counters;
    }

    /**
     * Reads the {@code tls_context} (and {@code tls_context_set}) of every filter chain of a listener.
     *
     * @param listenerName the listener's name
     * @param path the listener's JSON path
     * @param config the listener
     * @param chainInstallers the network filters of each of its filter chains, in order
     * @param connections the listener's connection counters, which get the TLS counters
     * @param problems where errors are collected
     * @return the listener's TLS, or null when no chain has TLS on (or there were errors)
     */
    public static ListenerTls build(String listenerName, String path, ListenerConfig config,
            List<List<NetworkFilterInstaller>> chainInstallers, ConnectionCounters connections, ConfigProblems problems) {
        List<ServerChain> chains = new ArrayList<>();
        List<Integer> plaintext = new ArrayList<>();
        int problemsBefore = problems.all().size();
        Duration timeout = null;
        for (int c = 0; c < config.filterChains().size(); c++) {
            FilterChainConfig chain = config.filterChains().get(c);
            String chainPath = path + ".filter_chains[" + c + "]";
            List<String> contextPaths = new ArrayList<>();
            List<TlsContextConfig> contexts = new ArrayList<>();
            if (chain.tlsContext() != null && chain.tlsContext().enabled()) {
                contextPaths.add(chainPath + ".tls_context");
                contexts.add(chain.tlsContext());
            }
            for (int s = 0; s < chain.tlsContextSet().size(); s++) {
                if (chain.tlsContextSet().get(s) != null && chain.tlsContextSet().get(s).enabled()) {
                    contextPaths.add(chainPath + ".tls_context_set[" + s + "]");
                    contexts.add(chain.tlsContextSet().get(s));
                }
            }
            boolean served = false;
            for (int t = 0; t < contexts.size(); t++) {
                String contextPath = contextPaths.get(t);
                try {
                    TlsSettings settings = TlsSettings.parse(contexts.get(t), TlsSettings.Side.SERVER, contextPath);
                    ReloadableSslContext context = load(listenerName, contextPath, settings);
                    if (context != null) {
                        chains.add(new ServerChain(chainPath, context, chainInstallers.get(c)));
                        timeout = timeout == null || settings.handshakeTimeout().compareTo(timeout) > 0
                                ? settings.handshakeTimeout() : timeout;
                        served = true;
                    }
                } catch (ConfigException e) {
                    problems.add(e);
                }
            }
            if (!served) {
                plaintext.add(c);
            }
        }
        if (problems.all().size() > problemsBefore || chains.isEmpty()) {
            return null;
        }
        boolean inspector = Boolean.TRUE.equals(config.inspector());
        if (plaintext.size() > 1) {
            problems.add(new ConfigException(path + ".filter_chains[" + plaintext.get(1) + "]", "a listener has at "
                    + "most one filter chain without tls_context (filter_chains[" + plaintext.get(0) + "] is one)"));
            return null;
        }
        if (!plaintext.isEmpty() && !inspector) {
            problems.add(new ConfigException(path + ".filter_chains[" + plaintext.get(0) + "].tls_context",
                    "this filter chain is plaintext while others use TLS; set \"inspector\": true on the listener to "
                            + "take both on one port, or give every chain a tls_context"));
            return null;
        }
        List<NetworkFilterInstaller> plaintextInstallers = !inspector ? null
                : plaintext.isEmpty() ? chains.get(0).installers() : chainInstallers.get(plaintext.get(0));
        return new ListenerTls(listenerName, chains, plaintextInstallers, timeout, connections.enableTls());
    }

    /** @return the context, or null when loading failed and {@code fall_back} lets the chain be plaintext */
    private static ReloadableSslContext load(String listenerName, String contextPath, TlsSettings settings)
            throws ConfigException {
        try {
            if (!settings.hasCertificate()) {
                LOG.error("listener {}: {} has no certificate; fall_back is set, so this chain serves plaintext",
                        listenerName, contextPath);
                return null;
            }
            return ReloadableSslContext.create("listener " + listenerName + " " + contextPath.substring(
                    contextPath.indexOf("filter_chains")), settings, List.of(settings.alpn()));
        } catch (TlsMaterialException e) {
            String field = contextPath + (e.field() == null ? "" : "." + e.field());
            if (settings.fallBack()) {
                LOG.error("listener {}: {}: {}; fall_back is set, so this chain serves plaintext", listenerName,
                        field, e.getMessage());
                return null;
            }
            throw new ConfigException(field, e.getMessage());
        }
    }

    /**
     * Adds the TLS handlers of one accepted connection to its pipeline: the inspector (when plaintext is
     * accepted too), the SNI router, and the handler that opens the connection through {@code opener} once the
     * handshake is done.
     *
     * @param channel the accepted channel, not yet active
     * @param opener opens the connection with the chosen chain's filters
     */
    public void initChannel(Channel channel, ConnectionOpener opener) {
        DownstreamHandshake handshake = new DownstreamHandshake(this, opener);
        ChannelPipeline pipeline = channel.pipeline();
        if (plaintextInstallers != null) {
            pipeline.addLast("tls-inspector", new TlsInspector(handshake));
        }
        pipeline.addLast("tls-sni", new ServerNameRouter(chains, handshake));
        pipeline.addLast("tls-handshake", handshake);
    }

    /** Stops reloading the chains' certificates: the listener takes no new connections. */
    public void stopWatchingFiles() {
        for (ServerChain chain : chains) {
            TlsFileWatcher.instance().unwatch(chain.context());
        }
    }

    /** @return a few words for the log: the chains and whether plaintext is taken too */
    public String describe() {
        return chains.size() + (chains.size() == 1 ? " filter chain" : " filter chains chosen by SNI")
                + (plaintextInstallers != null ? ", plaintext too (inspector)" : "") + ", "
                + TlsEngine.current().displayName() + " engine";
    }

    /** @return the listener's name */
    String name() {
        return name;
    }

    /** @return the installers plaintext connections get (with the inspector on), or null */
    List<NetworkFilterInstaller> plaintextInstallers() {
        return plaintextInstallers;
    }

    /** @return how long everything before an open connection may take */
    Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** @return the listener's TLS counters */
    TlsCounters counters() {
        return counters;
    }
}
