package org.mosn4j.kernel.network;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport: Linux native epoll when it loads, Java NIO otherwise. Chosen once per process;
 * {@code -Dmosn4j.transport=nio} forces NIO.
 */
public enum Transport {
    EPOLL("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class) {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }
    },
    NIO("nio", NioServerSocketChannel.class, NioSocketChannel.class) {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }
    };

    private final String displayName;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final Class<? extends SocketChannel> socketChannelClass;

    Transport(String displayName, Class<? extends ServerChannel> serverChannelClass,
            Class<? extends SocketChannel> socketChannelClass) {
        this.displayName = displayName;
        this.serverChannelClass = serverChannelClass;
        this.socketChannelClass = socketChannelClass;
    }

    abstract IoHandlerFactory ioHandlerFactory();

    /** @return epoll when available and not switched off, NIO otherwise */
    public static Transport detect() {
        if ("nio".equalsIgnoreCase(System.getProperty("mosn4j.transport"))) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** @return why epoll is not used, or {@code null} when it is available */
    public static Throwable epollUnavailabilityCause() {
        return Epoll.unavailabilityCause();
    }

    /**
     * @param threads event loop count
     * @param name thread name prefix
     * @return a new event loop group of this transport
     */
    public EventLoopGroup newEventLoopGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory());
    }

    /** @return the server channel class */
    public Class<? extends ServerChannel> serverChannelClass() {
        return serverChannelClass;
    }

    /** @return the client socket channel class */
    public Class<? extends SocketChannel> socketChannelClass() {
        return socketChannelClass;
    }

    /** @return the option that sets SO_REUSEPORT, or {@code null} when this transport cannot */
    public ChannelOption<Boolean> reusePortOption() {
        return this == EPOLL ? EpollChannelOption.SO_REUSEPORT : null;
    }

    /** @return {@code "epoll"} or {@code "nio"} */
    public String displayName() {
        return displayName;
    }
}
