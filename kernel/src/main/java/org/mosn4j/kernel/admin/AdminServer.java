package org.mosn4j.kernel.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import org.mosn4j.kernel.metrics.PrometheusMetrics;
import org.mosn4j.kernel.network.BindException;
import org.mosn4j.kernel.network.ServerSocketBinder;
import org.mosn4j.kernel.network.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server, also used for a Prometheus sink's own port. Requests are small and answered from memory
 * on the event loop, except {@code /metrics}, which is computed on the metrics scrape thread.
 */
public final class AdminServer {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_BODY = 1024 * 1024;

    private final AdminHandler handler;
    private final String name;
    private Channel serverChannel;

    /** @param context what the API reads and changes */
    public AdminServer(AdminContext context) {
        this("admin API", new AdminApi(context));
    }

    private AdminServer(String name, AdminApi api) {
        this.name = name;
        this.handler = new AdminHandler(api);
    }

    /**
     * A Prometheus sink's own HTTP server: the admin server with one path.
     *
     * @param path the sink's endpoint, such as {@code /metrics}
     * @param metrics what it serves
     * @param description names the sink in logs and errors, such as {@code prometheus sink metrics.sinks[0]}
     * @return the server, not bound yet
     */
    public static AdminServer metricsSink(String path, PrometheusMetrics metrics, String description) {
        return new AdminServer(description, new AdminApi(path, metrics));
    }

    /**
     * @param address where to listen
     * @param transport socket transport
     * @param group event loops to run on
     * @throws BindException when the address cannot be bound
     */
    public void bind(InetSocketAddress address, Transport transport, EventLoopGroup group) throws BindException {
        bind(address, transport, group, ServerSocketBinder.FRESH);
    }

    /**
     * @param address where to listen
     * @param transport socket transport
     * @param group event loops to run on
     * @param binder binds the socket or takes it over from the process this one replaces
     * @throws BindException when the address cannot be bound
     */
    public void bind(InetSocketAddress address, Transport transport, EventLoopGroup group, ServerSocketBinder binder)
            throws BindException {
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(60),
                                    new HttpServerCodec(),
                                    new HttpObjectAggregator(MAX_BODY),
                                    handler);
                        }
                    });
            serverChannel = binder.bind(bootstrap, address).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new BindException(name + ": cannot bind " + address + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = boundAddress();
        LOG.info("{} listening on http://{}:{}", name, bound.getAddress().getHostAddress(), bound.getPort());
    }

    /** @return the bound address */
    public InetSocketAddress boundAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /** @return the listening channel, or null when not bound */
    public Channel serverChannel() {
        return serverChannel;
    }

    /** Closes the admin socket. */
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }
}
