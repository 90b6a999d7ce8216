package org.mosn4j.kernel.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import javax.net.ssl.SSLHandshakeException;
import org.mosn4j.kernel.network.tls.UpstreamTls;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.network.ConnectionEvent;
import org.mosn4j.spi.network.ReadFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to an upstream host. Writes made before it is connected are queued and sent once it is; a
 * failed or timed-out attempt releases them and reports {@link ConnectionEvent#CONNECT_FAILED} or
 * {@link ConnectionEvent#CONNECT_TIMEOUT}. With TLS the connection counts as connected once the handshake is
 * done; a failed handshake is a failed connection attempt.
 */
public final class UpstreamConnection extends ChannelConnection implements ClientConnection {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);

    private final Transport transport;
    private final InetSocketAddress address;
    private final Duration connectTimeout;
    private final int bufferLimitBytes;
    private final ConnectionCounters[] counters;
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>(0);
    private final UpstreamTls tls;
    private String protocolType;
    private long connectStartMillis;
    private boolean connectStarted;
    private boolean connected;
    private boolean handshakeFailed;

    private record PendingWrite(ByteBuf data, boolean endOfStream) {
    }

    /**
     * @param transport socket transport
     * @param eventLoop owner of the connection
     * @param address host address
     * @param connectTimeout bound on connecting
     * @param bufferLimitBytes write high watermark
     * @param counters the cluster's and the host's counters
     */
    public UpstreamConnection(Transport transport, EventLoop eventLoop, InetSocketAddress address,
            Duration connectTimeout, int bufferLimitBytes, ConnectionCounters... counters) {
        this(transport, eventLoop, address, connectTimeout, bufferLimitBytes, null, counters);
    }

    /**
     * @param transport socket transport
     * @param eventLoop owner of the connection
     * @param address host address
     * @param connectTimeout bound on connecting (the TLS handshake has its own)
     * @param bufferLimitBytes write high watermark
     * @param tls the cluster's TLS, or null for plaintext
     * @param counters the cluster's and the host's counters
     */
    public UpstreamConnection(Transport transport, EventLoop eventLoop, InetSocketAddress address,
            Duration connectTimeout, int bufferLimitBytes, UpstreamTls tls, ConnectionCounters... counters) {
        super(eventLoop, counters);
        this.transport = transport;
        this.address = address;
        this.connectTimeout = connectTimeout;
        this.bufferLimitBytes = bufferLimitBytes;
        this.counters = counters;
        this.tls = tls;
    }

    /**
     * Names the protocol this connection will speak, before {@link #connect()}: a TLS connection offers its ALPN
     * id ({@code h2}, {@code http/1.1}) unless the cluster's {@code tls_context} lists its own.
     *
     * @param protocolType such as {@code Http2}
     */
    public void speaks(String protocolType) {
        this.protocolType = protocolType;
    }

    @Override
    public void addReadFilter(ReadFilter filter) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> addReadFilter(filter));
            return;
        }
        addReadFilterInternal(filter);
    }

    @Override
    public void connect() {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(this::connect);
            return;
        }
        if (connectStarted || closingLocally()) {
            return;
        }
        connectStarted = true;
        connectStartMillis = System.currentTimeMillis();
        ChannelFuture future = new Bootstrap()
                .group(eventLoop())
                .channel(transport.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(bufferLimitBytes / 2, bufferLimitBytes))
                .handler(tls == null ? this : new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("ssl", tls.newHandler(ch.alloc(), address, protocolType));
                        ch.pipeline().addLast(UpstreamConnection.this);
                    }
                })
                .connect(address);
        attach(future.channel());
        future.addListener(f -> {
            if (f.isSuccess()) {
                return;
            }
            releasePending();
            if (closingLocally()) {
                notifyEvent(ConnectionEvent.LOCAL_CLOSE);
                return;
            }
            for (ConnectionCounters c : counters) {
                c.connectFailed();
            }
            LOG.debug("[conn {}] connect to {} failed: {}", id(), address, f.cause().toString());
            notifyEvent(f.cause() instanceof ConnectTimeoutException
                    ? ConnectionEvent.CONNECT_TIMEOUT : ConnectionEvent.CONNECT_FAILED);
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (tls == null) {
            onConnected();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            super.userEventTriggered(ctx, evt);
        } else if (!done.isSuccess()) {
            onHandshakeFailed(done.cause());
        } else {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            String required = tls.requiredApplicationProtocol(protocolType);
            String chosen = ssl.applicationProtocol();
            if (required != null && chosen != null && !required.equals(chosen)) {
                onHandshakeFailed(new SSLHandshakeException("the server chose ALPN protocol \"" + chosen
                        + "\" but this connection speaks " + required));
                return;
            }
            tls.handshakeDone(ssl, connectStartMillis, counters);
            onConnected();
        }
    }

    private void onHandshakeFailed(Throwable cause) {
        if (handshakeFailed || connected) {
            return;
        }
        handshakeFailed = true;
        releasePending();
        channel().close();
        if (closingLocally()) {
            notifyEvent(ConnectionEvent.LOCAL_CLOSE);
            return;
        }
        for (ConnectionCounters c : counters) {
            c.connectFailed();
        }
        boolean timedOut = tls.handshakeFailed(cause, id(), address, counters);
        notifyEvent(timedOut ? ConnectionEvent.CONNECT_TIMEOUT : ConnectionEvent.CONNECT_FAILED);
    }

    private void onConnected() {
        connected = true;
        onOpened();
        // What was written while connecting (a protocol's preface, say) goes out before anything written in
        // reaction to CONNECTED.
        while (!pending.isEmpty() && !closingLocally()) {
            PendingWrite write = pending.poll();
            writeToChannel(write.data(), write.endOfStream());
        }
        releasePending();
        notifyEvent(ConnectionEvent.CONNECTED);
    }

    @Override
    void writeToChannel(ByteBuf data, boolean endOfStream) {
        if (connected) {
            super.writeToChannel(data, endOfStream);
        } else {
            pending.add(new PendingWrite(data, endOfStream));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePending();
        if (connected) {
            super.channelInactive(ctx);
        } else if (tls != null) {
            onHandshakeFailed(new ClosedChannelException());
        }
    }

    @Override
    void onClosedBeforeAttach() {
        releasePending();
    }

    private void releasePending() {
        PendingWrite write;
        while ((write = pending.poll()) != null) {
            write.data().release();
        }
    }

    /** @return the host's address */
    public InetSocketAddress address() {
        return address;
    }
}
