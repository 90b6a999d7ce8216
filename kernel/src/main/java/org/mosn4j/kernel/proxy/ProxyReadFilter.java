package org.mosn4j.kernel.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import org.mosn4j.kernel.network.NegotiatedProtocol;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.kernel.upstream.pool.ConnectionPool;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionCallbacks;
import org.mosn4j.spi.network.ConnectionEvent;
import org.mosn4j.spi.network.FilterStatus;
import org.mosn4j.spi.network.ReadFilter;
import org.mosn4j.spi.network.ReadFilterCallbacks;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.protocol.ProtocolRejection;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code proxy} filter on one downstream connection: picks the protocol (configured, or for {@code Auto}
 * the one TLS's ALPN agreed on, else detected from the first bytes), hands it every byte, and starts a
 * {@link DownstreamStream} for each request the protocol decodes. Under {@code Auto} an HTTP/1.1 connection may
 * also switch to another detected protocol with {@code Upgrade} (h2c). Runs on the connection's event loop.
 */
final class ProxyReadFilter implements ReadFilter, ServerStreamListener, ConnectionCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyReadFilter.class);
    /** Bytes looked at for Auto detection before giving up. */
    private static final int MAX_DETECTION_BYTES = 64;

    private final ProxySettings settings;
    private Connection connection;
    private Protocol protocol;
    private ServerStreamConnection server;
    private CompositeByteBuf detectionBuffer;
    /** Drain came before the protocol was known; the protocol's connection hears it once started. */
    private boolean drainRequested;
    private DefaultHost lastHost;
    private Protocol lastProtocol;
    private ConnectionPool lastPool;

    ProxyReadFilter(ProxySettings settings) {
        this.settings = settings;
    }

    @Override
    public void initReadFilterCallbacks(ReadFilterCallbacks callbacks) {
        connection = callbacks.connection();
    }

    @Override
    public FilterStatus onNewConnection() {
        connection.addCallbacks(this);
        if (!settings.detectProtocol()) {
            start(settings.downstreamProtocols().get(0));
        } else {
            Protocol negotiated = negotiatedProtocol();
            if (negotiated != null) {
                start(negotiated);
            }
        }
        return FilterStatus.CONTINUE;
    }

    /** Under Auto, the protocol TLS's ALPN agreed on ({@code h2}: Http2, {@code http/1.1}: Http1), if one is offered. */
    private Protocol negotiatedProtocol() {
        String type = NegotiatedProtocol.protocolType(connection);
        if (type != null) {
            for (Protocol candidate : settings.downstreamProtocols()) {
                if (candidate.type().equalsIgnoreCase(type)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private void start(Protocol chosen) {
        protocol = chosen;
        server = chosen.newServerConnection(connection, this);
        if (drainRequested) {
            server.shutdownGracefully();
        }
    }

    @Override
    public FilterStatus onData(ByteBuf data, boolean endOfStream) {
        if (server == null && !detect(data, endOfStream)) {
            return FilterStatus.STOP;
        }
        if (detectionBuffer != null) {
            ByteBuf buffered = detectionBuffer;
            detectionBuffer = null;
            server.onData(buffered, endOfStream);
        } else {
            server.onData(data, endOfStream);
        }
        return FilterStatus.STOP;
    }

    /** @return true once a protocol is chosen; the bytes so far are then in {@link #detectionBuffer} */
    private boolean detect(ByteBuf data, boolean endOfStream) {
        if (detectionBuffer == null) {
            detectionBuffer = connection.alloc().compositeBuffer();
        }
        detectionBuffer.addComponent(true, data);
        boolean needMore = false;
        for (Protocol candidate : settings.downstreamProtocols()) {
            MatchResult result = candidate.match(detectionBuffer);
            if (result == MatchResult.MATCH) {
                start(candidate);
                return true;
            }
            needMore |= result == MatchResult.NEED_MORE_DATA;
        }
        if (!needMore || endOfStream || detectionBuffer.readableBytes() >= MAX_DETECTION_BYTES) {
            LOG.warn("[conn {}] listener {}: no protocol recognises the first bytes from {} ({} bytes); closing",
                    connection.id(), settings.listenerName(), connection.remoteAddress(), detectionBuffer.readableBytes());
            detectionBuffer.release();
            detectionBuffer = null;
            connection.close(CloseType.NO_FLUSH);
        }
        return false;
    }

    /** Another of the listener's downstream protocols (so only under Auto) may take the upgrade. */
    @Override
    public boolean acceptsUpgrade(String token, HeaderMap request) {
        return upgradeTarget(token, request) != null;
    }

    @Override
    public void upgrade(String token, HeaderMap request, ByteBuf leftover, boolean endOfStream) {
        Protocol target = upgradeTarget(token, request);
        if (target == null) {
            leftover.release();
            throw new IllegalStateException("upgrade to " + token + " was not accepted");
        }
        LOG.debug("[conn {}] listener {}: switching from {} to {}", connection.id(), settings.listenerName(),
                protocol.type(), target.type());
        protocol = target;
        server = target.newUpgradedServerConnection(connection, this, request);
        server.onData(leftover, endOfStream);
    }

    private Protocol upgradeTarget(String token, HeaderMap request) {
        for (Protocol candidate : settings.downstreamProtocols()) {
            if (candidate != protocol && candidate.acceptsUpgrade(token, request)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void onRequestHeaderTimeout() {
        settings.stats().requests().headerTimedOut();
    }

    @Override
    public void onRejected(ProtocolRejection rejection) {
        settings.stats().rejections().rejected(rejection);
    }

    @Override
    public StreamDecoder newStream(StreamEncoder responseEncoder) {
        return new DownstreamStream(settings, this, connection, protocol, responseEncoder);
    }

    /**
     * The upstream pool for a host, remembering the last one: the requests of a connection mostly go to the
     * same host, and this spares the lookup in the shared table per request.
     */
    ConnectionPool pool(StaticCluster cluster, DefaultHost host, Protocol upstream) {
        if (host != lastHost || upstream != lastProtocol) {
            lastPool = settings.pools().pool(connection.eventLoop(), cluster, host, upstream, cluster.poolSettings());
            lastHost = host;
            lastProtocol = upstream;
        }
        return lastPool;
    }

    @Override
    public void onEvent(ConnectionEvent event) {
        if (!event.isClose()) {
            return;
        }
        if (detectionBuffer != null) {
            detectionBuffer.release();
            detectionBuffer = null;
        }
        if (server != null) {
            server.onConnectionClosed();
        }
    }

    @Override
    public void onDrain() {
        if (server != null) {
            server.shutdownGracefully();
        } else {
            // Nothing decided yet: a connection just opened, whose first request is on its way; the protocol
            // serves it and then closes (graceful_timeout bounds one that never sends).
            drainRequested = true;
        }
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        if (server != null) {
            server.onWritabilityChanged(writable);
        }
    }
}
