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
import org.mosn4j.kernel.network.BindException;
import org.mosn4j.kernel.network.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin HTTP server. Requests are small and answered from memory on the event loop. */
public final class AdminServer {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_BODY = 64 * 1024;

    private final AdminHandler handler;
    private Channel serverChannel;

    /** @param context what the API reads and changes */
    public AdminServer(AdminContext context) {
        this.handler = new AdminHandler(new AdminApi(context));
    }

    /**
     * @param address where to listen
     * @param transport socket transport
     * @param group event loops to run on
     * @throws BindException when the address cannot be bound
     */
    public void bind(InetSocketAddress address, Transport transport, EventLoopGroup group) throws BindException {
        try {
            serverChannel = new ServerBootstrap()
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
                    })
                    .bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new BindException("admin: cannot bind " + address + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = boundAddress();
        LOG.info("admin API listening on http://{}:{}", bound.getAddress().getHostAddress(), bound.getPort());
    }

    /** @return the bound address */
    public InetSocketAddress boundAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /** Closes the admin socket. */
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }
}
