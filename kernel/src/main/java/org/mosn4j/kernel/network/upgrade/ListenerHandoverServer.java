package org.mosn4j.kernel.network.upgrade;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running process's side of a hot upgrade: listens on a Unix domain socket (owner-only permissions) and
 * hands its listening sockets to one successor at a time. Until the successor says {@code TAKEN} nothing changes
 * here; then the {@link Predecessor} stops accepting, this server closes and removes its socket file (so the
 * successor can listen there in turn), confirms with {@code DRAINING}, and the predecessor drains on a thread of
 * its own.
 *
 * <p>Threading: messages are read on an event loop; everything that touches the predecessor runs on this
 * server's single handover thread. Ownership: the descriptors sent are the predecessor's server channels' own;
 * sending passes a duplicate and leaves them open and owned by those channels.
 */
public final class ListenerHandoverServer {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerHandoverServer.class);
    /** A successor that says nothing for this long is dropped, freeing the slot for another. */
    private static final int IDLE_SECONDS = 30;

    private final Path path;
    private final Predecessor predecessor;
    private final ExecutorService handoverThread;
    private final AtomicReference<Session> current = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Channel serverChannel;

    private ListenerHandoverServer(Path path, Predecessor predecessor) {
        this.path = path;
        this.predecessor = predecessor;
        this.handoverThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mosn4j-handover");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Listens on {@code path} (creating its directory), replacing a socket file that nothing listens on any more.
     *
     * @param path the socket file
     * @param group epoll event loops
     * @param predecessor the running server
     * @return the listening handover server
     * @throws IOException when another process listens there, or the socket cannot be bound
     */
    public static ListenerHandoverServer listen(Path path, EventLoopGroup group, Predecessor predecessor)
            throws IOException {
        if (path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
        }
        removeStale(path);
        ListenerHandoverServer server = new ListenerHandoverServer(path, predecessor);
        try {
            server.serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS));
                            HandoverCodec.install(ch.pipeline());
                            ch.pipeline().addLast(server.new Session());
                        }
                    })
                    .bind(new DomainSocketAddress(path.toString())).syncUninterruptibly().channel();
            Files.setPosixFilePermissions(path, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
        LOG.info("hot upgrade: offering the listening sockets at {}", path);
        return server;
    }

    /** A socket file left by a process that died: connecting fails, so it is removed; a live one is kept. */
    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            live = probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            live = false;
        }
        if (live) {
            throw new IOException("another process listens on " + path);
        }
        Files.deleteIfExists(path);
    }

    /** @return the socket file */
    public Path path() {
        return path;
    }

    /**
     * Stops offering: closes the socket and removes its file. Only the first call does anything, so a later stop
     * never removes the file a successor listens on by then.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", path, e.toString());
        }
        handoverThread.shutdown();
    }

    /** One successor's conversation. */
    private final class Session extends SimpleChannelInboundHandler<HandoverMessage> {
        private volatile List<OfferedSocket> offered;
        private volatile long successorPid = -1;
        private volatile boolean handedOver;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HandoverMessage msg) {
            switch (msg.type()) {
                case REQUEST -> onHandoverThread(ctx, () -> answer(ctx, msg));
                case SEND_FDS -> sendDescriptors(ctx);
                case TAKEN -> onHandoverThread(ctx, () -> handOver(ctx));
                case ABORT -> {
                    LOG.warn("hot upgrade: pid {} gave up: {}; this process carries on serving", successorPid,
                            msg.reason());
                    ctx.close();
                }
                default -> {
                    LOG.warn("hot upgrade: unexpected {} from pid {}; closing the conversation", msg.type(), successorPid);
                    ctx.close();
                }
            }
        }

        private void onHandoverThread(ChannelHandlerContext ctx, Runnable task) {
            try {
                handoverThread.execute(task);
            } catch (RuntimeException e) {
                ctx.writeAndFlush(HandoverMessage.refused("this process is stopping")).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void answer(ChannelHandlerContext ctx, HandoverMessage request) {
            successorPid = request.pid() == null ? -1 : request.pid();
            if (request.version() == null || request.version() != HandoverMessage.VERSION) {
                refuse(ctx, "handover version " + request.version() + " asked, this process speaks "
                        + HandoverMessage.VERSION);
                return;
            }
            if (!current.compareAndSet(null, this)) {
                refuse(ctx, "another upgrade is in progress");
                return;
            }
            if (!ctx.channel().isActive()) {
                current.compareAndSet(this, null);
                return;
            }
            List<OfferedSocket> mine = closed.get() ? null : predecessor.offeredSockets();
            if (mine == null) {
                current.compareAndSet(this, null);
                refuse(ctx, "this process is not serving (starting or stopping)");
                return;
            }
            List<OfferedSocket> matched = new ArrayList<>();
            for (SocketKey wanted : request.socketList()) {
                mine.stream().filter(socket -> socket.key().equals(wanted)).findFirst().ifPresent(matched::add);
            }
            offered = matched;
            LOG.info("hot upgrade: pid {} asks for {} socket(s); handing over {}", successorPid,
                    request.socketList().size(), describe(matched));
            ctx.writeAndFlush(HandoverMessage.offer(matched.stream().map(OfferedSocket::key).toList()));
        }

        private void refuse(ChannelHandlerContext ctx, String reason) {
            LOG.warn("hot upgrade: refused pid {}: {}", successorPid, reason);
            ctx.writeAndFlush(HandoverMessage.refused(reason)).addListener(ChannelFutureListener.CLOSE);
        }

        private void sendDescriptors(ChannelHandlerContext ctx) {
            List<OfferedSocket> sockets = offered;
            if (sockets == null || current.get() != this) {
                ctx.close();
                return;
            }
            for (OfferedSocket socket : sockets) {
                FileDescriptor fd = socket.descriptor();
                if (fd == null) {
                    LOG.warn("hot upgrade: {} closed before it could be handed over; closing the conversation",
                            socket.key().describe());
                    ctx.close();
                    return;
                }
                ctx.write(fd);
            }
            ctx.flush();
        }

        private void handOver(ChannelHandlerContext ctx) {
            if (current.get() != this || offered == null) {
                ctx.close();
                return;
            }
            handedOver = true;
            LOG.info("hot upgrade: pid {} serves on {}; this process stops accepting and drains", successorPid,
                    describe(offered));
            try {
                predecessor.stopAccepting();
            } finally {
                close();
                ctx.writeAndFlush(HandoverMessage.of(HandoverMessage.Type.DRAINING)).addListener(ChannelFutureListener.CLOSE);
                new Thread(predecessor::drain, "mosn4j-graceful-stop").start();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (current.compareAndSet(this, null) && !handedOver) {
                LOG.info("hot upgrade: pid {} left without taking over; this process carries on serving", successorPid);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("hot upgrade: conversation with pid {} failed: {}", successorPid, cause.toString());
            ctx.close();
        }
    }

    private static String describe(List<OfferedSocket> sockets) {
        return sockets.isEmpty() ? "none" : sockets.stream().map(s -> s.key().describe()).collect(Collectors.joining(", "));
    }
}
