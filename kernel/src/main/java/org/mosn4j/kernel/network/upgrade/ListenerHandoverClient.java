package org.mosn4j.kernel.network.upgrade;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new process's side of a hot upgrade: connects to the running process's {@link ListenerHandoverServer},
 * asks for sockets by {@link SocketKey}, receives their descriptors, and later says it took over.
 *
 * <p>Threading: the public steps are called one after the other by the thread that starts the server and block
 * it, each for at most the timeout. The channel's handler runs on an event loop and passes what it reads to that
 * thread through a queue; it also switches the domain socket between reading bytes and reading descriptors, on
 * the event loop, so that no descriptor is ever read as a plain byte (which would drop it).
 *
 * <p>Ownership: each descriptor received belongs to this process; {@link #takeOver} hands them all to the
 * {@link InheritedSockets} it returns. One that arrives after this client gave up is closed here.
 */
final class ListenerHandoverClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerHandoverClient.class);
    private static final Object CLOSED = new Object();
    private static final int SOL_SOCKET = 1;
    private static final int SO_ACCEPTCONN = 30;

    private final Path path;
    private final Duration timeout;
    private final Conversation conversation;
    private Channel channel;
    private long peerPid;

    private ListenerHandoverClient(Path path, Duration timeout) {
        this.path = path;
        this.timeout = timeout;
        this.conversation = new Conversation();
    }

    /**
     * @param path the running process's upgrade socket
     * @param group epoll event loops
     * @param timeout the longest wait for each step
     * @return a connected client
     * @throws HandoverException when nothing listens there
     */
    static ListenerHandoverClient connect(Path path, EventLoopGroup group, Duration timeout) throws HandoverException {
        ListenerHandoverClient client = new ListenerHandoverClient(path, timeout);
        ChannelFuture connected = new Bootstrap()
                .group(group)
                .channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        HandoverCodec.install(ch.pipeline());
                        ch.pipeline().addLast(client.conversation);
                    }
                })
                .connect(new DomainSocketAddress(path.toString()));
        connected.awaitUninterruptibly();
        if (!connected.isSuccess()) {
            connected.channel().close();
            throw new HandoverException("hot upgrade: no running mosn4j offers its listeners at " + path + " ("
                    + connected.cause().getMessage() + "); start it first, or start this one without --upgrade");
        }
        client.channel = connected.channel();
        return client;
    }

    /**
     * Asks for the sockets and receives those the running process has.
     *
     * @param wanted every socket this process's config listens on
     * @return the descriptors received, keyed; sockets the running process does not have are absent
     * @throws HandoverException when refused, or the conversation breaks or times out
     */
    InheritedSockets takeOver(List<SocketKey> wanted) throws HandoverException {
        channel.writeAndFlush(HandoverMessage.request(wanted));
        HandoverMessage answer = nextMessage("an offer");
        if (answer.type() == HandoverMessage.Type.REFUSED) {
            throw new HandoverException("hot upgrade: the running mosn4j (pid " + answer.pid() + ") refused: "
                    + answer.reason());
        }
        if (answer.type() != HandoverMessage.Type.OFFER) {
            throw new HandoverException("hot upgrade: expected an offer from " + path + ", got " + answer.type());
        }
        peerPid = answer.pid() == null ? -1 : answer.pid();
        Map<SocketKey, FileDescriptor> received = new LinkedHashMap<>();
        try {
            for (SocketKey key : answer.socketList()) {
                FileDescriptor fd = nextDescriptor(key);
                received.put(key, fd);
                check(fd, key);
            }
        } catch (HandoverException e) {
            received.values().forEach(ListenerHandoverClient::closeQuietly);
            throw e;
        }
        return new InheritedSockets(this, received, peerPid);
    }

    /**
     * Says this process serves on the sockets now and waits for the old one to confirm that it stopped accepting.
     * Never throws: from this point on this process serves whatever the answer; a missing one is logged.
     */
    void complete() {
        channel.writeAndFlush(HandoverMessage.of(HandoverMessage.Type.TAKEN));
        try {
            HandoverMessage answer = nextMessage("the confirmation that it stopped accepting");
            if (answer.type() == HandoverMessage.Type.DRAINING) {
                LOG.info("hot upgrade: pid {} stopped accepting and drains its connections", peerPid);
            } else {
                LOG.warn("hot upgrade: pid {} answered {} to the takeover; it may still accept", peerPid, answer.type());
            }
        } catch (HandoverException e) {
            LOG.warn("{}; pid {} may still accept connections", e.getMessage(), peerPid);
        } finally {
            close();
        }
    }

    /** Tells the running process the upgrade is off, so it carries on, and closes the conversation. */
    void abort(String reason) {
        if (channel.isActive()) {
            channel.writeAndFlush(HandoverMessage.abort(reason)).awaitUninterruptibly(timeout.toMillis());
        }
        close();
    }

    /** Closes the conversation; descriptors that arrive after this are closed. */
    @Override
    public void close() {
        conversation.closed = true;
        if (channel != null) {
            channel.close().awaitUninterruptibly(timeout.toMillis());
        }
        for (Object left; (left = conversation.inbound.poll()) != null; ) {
            if (left instanceof FileDescriptor fd) {
                closeQuietly(fd);
            }
        }
    }

    private HandoverMessage nextMessage(String what) throws HandoverException {
        Object next = next(what);
        if (next instanceof HandoverMessage message) {
            return message;
        }
        if (next instanceof FileDescriptor fd) {
            closeQuietly(fd);
        }
        throw new HandoverException("hot upgrade: expected " + what + " from " + path + ", got " + next);
    }

    private FileDescriptor nextDescriptor(SocketKey key) throws HandoverException {
        Object next = next("the descriptor of " + key.describe());
        if (next instanceof FileDescriptor fd) {
            return fd;
        }
        throw new HandoverException("hot upgrade: expected the descriptor of " + key.describe() + ", got " + next);
    }

    private Object next(String what) throws HandoverException {
        Object next;
        try {
            next = conversation.inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandoverException("hot upgrade: interrupted while waiting for " + what, e);
        }
        if (next == null) {
            throw new HandoverException("hot upgrade: no answer from " + path + " within " + timeout.toMillis()
                    + " ms while waiting for " + what);
        }
        if (next == CLOSED) {
            throw new HandoverException("hot upgrade: the running mosn4j closed the connection at " + path
                    + " while this process waited for " + what);
        }
        if (next instanceof Throwable failure) {
            throw new HandoverException("hot upgrade: conversation at " + path + " failed: " + failure, failure);
        }
        return next;
    }

    /** A descriptor must be a listening TCP socket on the port the key asks for (any, for port 0). */
    private static void check(FileDescriptor fd, SocketKey key) throws HandoverException {
        Socket socket = new Socket(fd.intValue());
        try {
            if (socket.getIntOpt(SOL_SOCKET, SO_ACCEPTCONN) == 0) {
                throw new HandoverException("hot upgrade: the descriptor received for " + key.describe()
                        + " is not a listening socket");
            }
            InetSocketAddress local = socket.localAddress();
            if (local == null || key.port() != 0 && local.getPort() != key.port()) {
                throw new HandoverException("hot upgrade: the socket received for " + key.describe()
                        + " is bound to " + local);
            }
        } catch (IOException e) {
            throw new HandoverException("hot upgrade: cannot inspect the socket received for " + key.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    static void closeQuietly(FileDescriptor fd) {
        try {
            fd.close();
        } catch (IOException e) {
            LOG.debug("closing a received descriptor: {}", e.toString());
        }
    }

    /** Reads on the event loop; everything read goes to the starting thread's queue. */
    private static final class Conversation extends ChannelInboundHandlerAdapter {
        final BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
        volatile boolean closed;
        private int descriptorsExpected;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HandoverMessage message) {
                if (message.type() == HandoverMessage.Type.OFFER && !message.socketList().isEmpty()) {
                    descriptorsExpected = message.socketList().size();
                    // After the current read loop: a read still under way in byte mode would take the first
                    // descriptor's byte as data and drop the descriptor.
                    ctx.channel().eventLoop().execute(() -> {
                        readMode(ctx, DomainSocketReadMode.FILE_DESCRIPTORS);
                        ctx.writeAndFlush(HandoverMessage.of(HandoverMessage.Type.SEND_FDS));
                    });
                }
                inbound.add(message);
            } else if (msg instanceof FileDescriptor fd) {
                if (--descriptorsExpected == 0) {
                    // Before the next message can come: the server answers only after TAKEN, sent after this.
                    readMode(ctx, DomainSocketReadMode.BYTES);
                }
                if (closed) {
                    closeQuietly(fd);
                } else {
                    inbound.add(fd);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        private static void readMode(ChannelHandlerContext ctx, DomainSocketReadMode mode) {
            ((EpollDomainSocketChannel) ctx.channel()).config().setReadMode(mode);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inbound.add(CLOSED);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            inbound.add(cause);
            ctx.close();
        }
    }
}
