package org.mosn4j.kernel.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound listening socket. Accepted connections are spread over the worker event loops; each gets a
 * {@link DownstreamConnection} running the listener's network filters, behind the TLS handlers when the
 * listener has TLS (the connection opens once the handshake has picked its filter chain). A connection accepted
 * while the listener's {@code max_connections} are open is closed at once, before any filter sees it.
 */
public final class Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    /** What new connections are built from; a config change may replace it (see {@link #replaceSpec}). */
    private volatile ListenerSpec spec;
    private final ConnectionCounters counters;
    /** This listener's own connections, for draining it alone when a config change removes it. */
    private final ConnectionTracker own = new ConnectionTracker();
    private Channel serverChannel;

    /**
     * @param spec what to bind and which filters to run
     * @param counters the listener's stats
     */
    public Listener(ListenerSpec spec, ConnectionCounters counters) {
        this.spec = spec;
        this.counters = counters;
    }

    /**
     * Binds the port, blocking until bound.
     *
     * @param transport socket transport
     * @param workers event loops for accepting and serving connections
     * @param tracker where open connections are registered for draining
     * @throws BindException when the address cannot be bound
     */
    public void bind(Transport transport, EventLoopGroup workers, ConnectionTracker tracker) throws BindException {
        bind(transport, workers, tracker, ServerSocketBinder.FRESH);
    }

    /**
     * Listens, blocking until listening: on a socket bound by {@code binder}, which may take it over from the
     * process this one replaces.
     *
     * @param transport socket transport
     * @param workers event loops for accepting and serving connections
     * @param tracker where open connections are registered for draining
     * @param binder binds the socket or takes it over
     * @throws BindException when the address cannot be bound
     */
    public void bind(Transport transport, EventLoopGroup workers, ConnectionTracker tracker, ServerSocketBinder binder)
            throws BindException {
        int limit = spec.bufferLimitBytes();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(workers)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(limit / 2, limit))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ListenerSpec spec = Listener.this.spec;
                        if (!own.addIfBelow(ch, spec.maxConnections())) {
                            counters.refusedForLimit();
                            ch.close();
                            return;
                        }
                        tracker.add(ch);
                        if (spec.idleTimeout() != null && !spec.idleTimeout().isZero()) {
                            ch.pipeline().addLast(new IdleStateHandler(0, 0,
                                    spec.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        }
                        if (spec.tls() != null) {
                            spec.tls().initChannel(ch, Listener.this::openBehindTls);
                            return;
                        }
                        DownstreamConnection connection = new DownstreamConnection(ch.eventLoop(), spec.name(),
                                spec.installers(), counters);
                        connection.attach(ch);
                        ch.pipeline().addLast(connection);
                    }
                });
        if (spec.reusePort()) {
            if (transport.reusePortOption() != null) {
                bootstrap.option(transport.reusePortOption(), true);
            } else {
                LOG.warn("listener {}: reuseport needs the epoll transport; binding without it", spec.name());
            }
        }
        try {
            serverChannel = binder.bind(bootstrap, spec.address()).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new BindException("listener " + spec.name() + ": cannot bind " + spec.addressText() + ": "
                    + e.getMessage(), e);
        }
        if (spec.tls() != null) {
            LOG.info("listener {} uses TLS: {}", spec.name(), spec.tls().describe());
        }
        LOG.info("listener {} listening on {}", spec.name(), serverChannel.localAddress());
    }

    /**
     * Builds new connections from {@code next} from now on (a config change kept the address). Open connections
     * keep the filters they were built with and are asked to finish at their next request boundary.
     *
     * @param next the new spec, for the same address
     * @return the spec replaced
     */
    public ListenerSpec replaceSpec(ListenerSpec next) {
        ListenerSpec previous = spec;
        spec = next;
        if (previous.tls() != null) {
            previous.tls().stopWatchingFiles();
        }
        own.askToFinish();
        LOG.info("listener {}: new connections use the updated config; open ones are asked to finish", next.name());
        return previous;
    }

    /** @return this listener's open connections, for draining it alone */
    public ConnectionTracker connections() {
        return own;
    }

    private void openBehindTls(Channel ch, List<NetworkFilterInstaller> installers) {
        DownstreamConnection connection = new DownstreamConnection(ch.eventLoop(), spec.name(), installers, counters);
        connection.attach(ch);
        ch.pipeline().addLast(connection);
        connection.open();
    }

    /** Stops accepting new connections; open ones are not touched. Blocks until the socket is closed. */
    public void stopAccepting() {
        if (spec.tls() != null) {
            spec.tls().stopWatchingFiles();
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** @return the bound address (with the real port when config asked for port 0), or null if unbound */
    public InetSocketAddress boundAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /** @return the listening channel, or null when not bound */
    public Channel serverChannel() {
        return serverChannel;
    }

    /** @return what this listener was built from */
    public ListenerSpec spec() {
        return spec;
    }
}
