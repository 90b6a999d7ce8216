package org.mosn4j.kernel.network.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mosn4j.kernel.config.ClusterConfig;
import org.mosn4j.kernel.config.HostConfig;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.spi.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS of a cluster's connections: the client context from the cluster's {@code tls_context}, and the
 * hosts that stay plaintext ({@code tls_disable}). Without {@code alpn} in the config a connection offers the
 * ALPN id of the protocol it will speak ({@code h2} for Http2, {@code http/1.1} for Http1), so servers that
 * insist on ALPN (gRPC servers, for one) accept it. The server is verified against {@code server_name} when set
 * (which is also sent as SNI), against the host's IP address otherwise. Immutable; the certificate inside
 * reloads itself.
 */
public final class UpstreamTls {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamTls.class);
    private static final List<List<String>> PROTOCOL_VARIANTS = List.of(List.of(),
            ApplicationProtocols.offeredFor("Http2"), ApplicationProtocols.offeredFor("Http1"));

    private final String clusterName;
    private final ReloadableSslContext context;
    private final Set<String> plaintextHosts;

    private UpstreamTls(String clusterName, ReloadableSslContext context, Set<String> plaintextHosts) {
        this.clusterName = clusterName;
        this.context = context;
        this.plaintextHosts = Set.copyOf(plaintextHosts);
    }

    /**
     * @param config the cluster
     * @param path the cluster's JSON path
     * @return the cluster's TLS, or null when its {@code tls_context} is absent or off
     * @throws ConfigException naming the key at fault
     */
    public static UpstreamTls build(ClusterConfig config, String path) throws ConfigException {
        if (config.tlsContext() == null || !config.tlsContext().enabled()) {
            return null;
        }
        String contextPath = path + ".tls_context";
        TlsSettings settings = TlsSettings.parse(config.tlsContext(), TlsSettings.Side.CLIENT, contextPath);
        List<List<String>> variants = settings.alpn().isEmpty() ? PROTOCOL_VARIANTS : List.of(settings.alpn());
        ReloadableSslContext context;
        try {
            context = ReloadableSslContext.create("cluster " + config.name() + " tls_context", settings, variants);
        } catch (TlsMaterialException e) {
            String field = contextPath + (e.field() == null ? "" : "." + e.field());
            if (settings.fallBack()) {
                LOG.error("cluster {}: {}: {}; fall_back is set, so its connections are plaintext", config.name(),
                        field, e.getMessage());
                return null;
            }
            throw new ConfigException(field, e.getMessage());
        }
        Set<String> plaintext = new HashSet<>();
        for (HostConfig host : config.hosts()) {
            if (Boolean.TRUE.equals(host.tlsDisable()) && host.address() != null) {
                plaintext.add(host.address());
            }
        }
        return new UpstreamTls(config.name(), context, plaintext);
    }

    /**
     * @param hostAddress a host's configured address
     * @return whether connections to it use TLS (false for {@code tls_disable} hosts)
     */
    public boolean appliesTo(String hostAddress) {
        return !plaintextHosts.contains(hostAddress);
    }

    /**
     * @param alloc the channel's allocator
     * @param address the host's address
     * @param protocolType the protocol the connection will speak, or null when not known
     * @return a client handler for one connection, with the handshake timeout set
     */
    public SslHandler newHandler(ByteBufAllocator alloc, InetSocketAddress address, String protocolType) {
        TlsSettings settings = context.settings();
        List<String> alpn = settings.alpn().isEmpty() ? ApplicationProtocols.offeredFor(protocolType) : settings.alpn();
        String peerHost = settings.serverName() != null ? settings.serverName() : address.getHostString();
        SslHandler handler = context.get(alpn).newHandler(alloc, peerHost, address.getPort());
        handler.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
        return handler;
    }

    /**
     * @param protocolType the protocol a connection will speak, or null
     * @return the ALPN id the server must pick (when it picks one), or null when any will do
     */
    public String requiredApplicationProtocol(String protocolType) {
        if (!context.settings().alpn().isEmpty()) {
            return null;
        }
        List<String> offered = ApplicationProtocols.offeredFor(protocolType);
        return offered.isEmpty() ? null : offered.get(0);
    }

    /**
     * Counts a finished handshake in each group.
     *
     * @param handler the connection's TLS handler
     * @param connectionStartMillis when the connection attempt started
     * @param groups the cluster's and the host's counters
     */
    public void handshakeDone(SslHandler handler, long connectionStartMillis, ConnectionCounters... groups) {
        boolean resumed = SessionResumption.resumed(handler.engine(), connectionStartMillis);
        for (ConnectionCounters group : groups) {
            group.enableTls().handshake(resumed);
        }
    }

    /**
     * Counts a failed handshake in each group and logs it in one line.
     *
     * @param cause the handshake's exception
     * @param connectionId the connection's id, for the log
     * @param address the host's address
     * @param groups the cluster's and the host's counters
     * @return whether the handshake ran out of time (rather than failed)
     */
    public boolean handshakeFailed(Throwable cause, long connectionId, InetSocketAddress address,
            ConnectionCounters... groups) {
        HandshakeFailure failure = HandshakeFailure.of(cause);
        for (ConnectionCounters group : groups) {
            failure.count(group.enableTls());
        }
        LOG.warn("[conn {}] cluster {}: TLS handshake with {} failed ({}): {}", connectionId, clusterName,
                address, failure.reason().text(), failure.detail());
        return failure.reason() == HandshakeFailure.Reason.TIMEOUT;
    }
}
