package org.mosn4j.kernel.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import java.net.SocketAddress;

/**
 * How a server's listening socket comes to be: bound to its address, or taken over from the process this one
 * replaces ({@link org.mosn4j.kernel.network.upgrade.InheritedSockets}). Called by the thread that starts the
 * server.
 */
@FunctionalInterface
public interface ServerSocketBinder {

    /** Binds the address. */
    ServerSocketBinder FRESH = ServerBootstrap::bind;

    /**
     * @param bootstrap the server, fully configured
     * @param address the configured address
     * @return completes with the listening channel
     */
    ChannelFuture bind(ServerBootstrap bootstrap, SocketAddress address);
}
