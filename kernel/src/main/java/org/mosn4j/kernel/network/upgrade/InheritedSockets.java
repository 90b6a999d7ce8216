package org.mosn4j.kernel.network.upgrade;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.bootstrap.ServerBootstrapConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mosn4j.kernel.network.ServerSocketBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets a starting process took over from the one it replaces, until it {@link #commit commits}
 * or {@link #abort aborts}. A server asks for its socket through {@link #binder}: it gets a channel on the
 * inherited descriptor when there is one for its key, else a freshly bound one.
 *
 * <p>A channel on an inherited descriptor does not accept until {@link #commit}: should the start fail on
 * something else, no connection was taken from the old process, which keeps serving them all.
 *
 * <p>Threading: used by the one thread that starts the server. Ownership: each descriptor is owned here until a
 * server's channel is built on it (the channel closes it); {@link #commit} and {@link #abort} close those no
 * server asked for.
 */
public final class InheritedSockets {

    private static final Logger LOG = LoggerFactory.getLogger(InheritedSockets.class);

    /** Nothing inherited: every socket is bound. */
    public static final InheritedSockets NONE = new InheritedSockets(null, Map.of(), -1);

    private final ListenerHandoverClient client;
    private final Map<SocketKey, FileDescriptor> descriptors;
    private final long predecessorPid;
    private final List<Channel> paused = new ArrayList<>();

    InheritedSockets(ListenerHandoverClient client, Map<SocketKey, FileDescriptor> descriptors, long predecessorPid) {
        this.client = client;
        this.descriptors = new LinkedHashMap<>(descriptors);
        this.predecessorPid = predecessorPid;
    }

    /**
     * @param key the socket a server is about to listen on
     * @return binds it, or registers a channel on the inherited socket of that key
     */
    public ServerSocketBinder binder(SocketKey key) {
        return (bootstrap, address) -> bind(bootstrap, key, address);
    }

    private ChannelFuture bind(ServerBootstrap bootstrap, SocketKey key, SocketAddress address) {
        FileDescriptor fd = descriptors.remove(key);
        if (fd == null) {
            return bootstrap.bind(address);
        }
        ChannelFuture registered = onDescriptor(bootstrap, fd).register();
        paused.add(registered.channel());
        LOG.info("hot upgrade: {} taken over from pid {}", key.describe(), predecessorPid);
        return registered;
    }

    /** The same server as {@code bootstrap}, on an inherited descriptor, not reading until {@link #commit}. */
    private static ServerBootstrap onDescriptor(ServerBootstrap bootstrap, FileDescriptor fd) {
        ServerBootstrapConfig config = bootstrap.config();
        ServerBootstrap inherited = new ServerBootstrap()
                .group(config.group(), config.childGroup())
                .channelFactory((ChannelFactory<ServerChannel>) () -> new EpollServerSocketChannel(fd.intValue()))
                .childHandler(config.childHandler());
        if (config.handler() != null) {
            inherited.handler(config.handler());
        }
        config.options().forEach((option, value) -> option(inherited, option, value));
        config.childOptions().forEach((option, value) -> childOption(inherited, option, value));
        config.attrs().forEach((key, value) -> attr(inherited, key, value));
        config.childAttrs().forEach((key, value) -> childAttr(inherited, key, value));
        return inherited.option(ChannelOption.AUTO_READ, false);
    }

    @SuppressWarnings("unchecked")
    private static <T> void option(ServerBootstrap bootstrap, ChannelOption<T> option, Object value) {
        bootstrap.option(option, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T> void childOption(ServerBootstrap bootstrap, ChannelOption<T> option, Object value) {
        bootstrap.childOption(option, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T> void attr(ServerBootstrap bootstrap, AttributeKey<T> key, Object value) {
        bootstrap.attr(key, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T> void childAttr(ServerBootstrap bootstrap, AttributeKey<T> key, Object value) {
        bootstrap.childAttr(key, (T) value);
    }

    /**
     * Every server is listening: start accepting on the inherited sockets, then tell the old process, which stops
     * accepting and drains. Never throws; from here on this process serves.
     */
    public void commit() {
        closeUnused();
        for (Channel channel : paused) {
            channel.config().setAutoRead(true);
        }
        if (client != null) {
            client.complete();
        }
    }

    /**
     * The start failed: the old process is told to carry on. Channels built on inherited descriptors are closed by
     * their servers' stop, which closes only this process's duplicates.
     *
     * @param reason for the old process's log
     */
    public void abort(String reason) {
        closeUnused();
        if (client != null) {
            client.abort(reason);
        }
    }

    private void closeUnused() {
        descriptors.values().forEach(ListenerHandoverClient::closeQuietly);
        descriptors.clear();
    }
}
