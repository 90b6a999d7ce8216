package org.mosn4j.kernel.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionCallbacks;
import org.mosn4j.spi.network.ConnectionEvent;
import org.mosn4j.spi.network.FilterStatus;
import org.mosn4j.spi.network.ReadFilter;
import org.mosn4j.spi.network.ReadFilterCallbacks;
import org.mosn4j.spi.network.WriteFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over a Netty channel: the last handler of the channel's pipeline, running the
 * connection's read filters on incoming bytes and its write filters on outgoing ones.
 *
 * <p>All state is confined to the channel's event loop; public methods called from elsewhere are handed to
 * it.
 */
abstract class ChannelConnection extends ChannelInboundHandlerAdapter implements Connection, ReadFilterCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelConnection.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final EventLoop eventLoop;
    private final ConnectionCounters[] counters;
    private final List<ReadFilter> readFilters = new ArrayList<>(2);
    private final List<WriteFilter> writeFilters = new ArrayList<>(1);
    private final List<ConnectionCallbacks> callbacks = new ArrayList<>(2);
    private Channel channel;
    private boolean opened;
    private boolean closeNotified;
    private boolean closingLocally;
    private boolean readEnabled = true;
    private boolean flushScheduled;
    /**
     * Small writes since the last flush, copied into one buffer: a flush then hands the socket a few large
     * buffers rather than one per frame or header block, which writev would walk one by one.
     */
    private ByteBuf coalesced;
    /**
     * The first small write since the last flush, kept as it is: it is copied into {@link #coalesced} only when
     * another small write follows, so a turn with one small write (a request head, a relayed TCP read) costs no
     * copy. Never set together with {@link #coalesced}.
     */
    private ByteBuf heldWrite;
    /** Writes up to this size are copied together until the flush (see {@link #coalesced}). */
    static final int COALESCE_MAX_WRITE = 1024;
    private static final int COALESCE_BUFFER = 8192;
    private final Runnable flushTask = this::flushNow;
    private long bytesRead;
    private long bytesWritten;

    /**
     * @param eventLoop the event loop that owns the connection
     * @param counters the stats groups this connection counts in (a listener's; a cluster's and a host's)
     */
    ChannelConnection(EventLoop eventLoop, ConnectionCounters... counters) {
        this.eventLoop = eventLoop;
        this.counters = counters;
    }

    /** Binds this connection to its channel, which must belong to {@link #eventLoop()}. */
    final void attach(Channel channel) {
        this.channel = channel;
        channel.config().setAutoRead(readEnabled);
    }

    final Channel channel() {
        return channel;
    }

    final void addReadFilterInternal(ReadFilter filter) {
        readFilters.add(filter);
        filter.initReadFilterCallbacks(this);
    }

    final void addWriteFilterInternal(WriteFilter filter) {
        writeFilters.add(filter);
    }

    /** Counts the connection as open and runs the read filters' {@link ReadFilter#onNewConnection()}. */
    final void onOpened() {
        opened = true;
        for (ConnectionCounters c : counters) {
            c.opened();
        }
        for (ReadFilter filter : readFilters) {
            if (filter.onNewConnection() == FilterStatus.STOP) {
                return;
            }
        }
    }

    final boolean hasReadFilters() {
        return !readFilters.isEmpty();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Connection connection() {
        return this;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return channel == null ? null : (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    @Override
    public EventLoop eventLoop() {
        return eventLoop;
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel == null ? ByteBufAllocator.DEFAULT : channel.alloc();
    }

    @Override
    public boolean isOpen() {
        return channel != null && channel.isActive() && !closingLocally;
    }

    @Override
    public boolean isWritable() {
        return channel != null && channel.isWritable();
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void addCallbacks(ConnectionCallbacks cb) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> addCallbacks(cb));
            return;
        }
        callbacks.add(cb);
    }

    @Override
    public void setReadEnabled(boolean enabled) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> setReadEnabled(enabled));
            return;
        }
        readEnabled = enabled;
        // After the peer's FIN there is nothing left to read, and epoll no longer watches the socket for it.
        if (channel != null && channel.isOpen()
                && !(channel instanceof DuplexChannel duplex && duplex.isInputShutdown())) {
            channel.config().setAutoRead(enabled);
        }
    }

    @Override
    public void write(ByteBuf data, boolean endOfStream) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> write(data, endOfStream));
            return;
        }
        if (closingLocally || channel != null && !channel.isOpen()) {
            data.release();
            return;
        }
        for (int i = writeFilters.size() - 1; i >= 0; i--) {
            if (writeFilters.get(i).onWrite(data, endOfStream) == FilterStatus.STOP) {
                return;
            }
        }
        writeToChannel(data, endOfStream);
    }

    /** Writes filtered bytes to the socket; an unconnected upstream connection queues them instead. */
    void writeToChannel(ByteBuf data, boolean endOfStream) {
        int bytes = data.readableBytes();
        bytesWritten += bytes;
        for (ConnectionCounters c : counters) {
            c.written(bytes);
        }
        if (!endOfStream && bytes <= COALESCE_MAX_WRITE) {
            coalesce(data);
        } else if (!endOfStream) {
            writeCoalesced();
            channel.write(data, channel.voidPromise());
        } else {
            writeCoalesced();
            channel.write(data).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && channel instanceof DuplexChannel duplex) {
                    shutdownOutput(duplex);
                }
            });
        }
        scheduleFlush();
    }

    /** Half-closes: over TLS a close_notify goes first, so the peer can tell the end from a cut connection. */
    private static void shutdownOutput(DuplexChannel duplex) {
        SslHandler ssl = duplex.pipeline().get(SslHandler.class);
        if (ssl == null) {
            duplex.shutdownOutput();
        } else {
            ssl.closeOutbound().addListener(f -> duplex.shutdownOutput());
        }
    }

    /**
     * Flushes once after the event loop's current batch of work, so that everything written while handling
     * one round of reads (a response's headers and body, several pipelined responses) leaves in one system
     * call.
     */
    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            eventLoop.execute(flushTask);
        }
    }

    private void flushNow() {
        flushScheduled = false;
        if (channel.isOpen()) {
            writeCoalesced();
            channel.flush();
        } else {
            releaseCoalesced();
        }
    }

    /** Queues a small write behind the others since the last flush; ownership of {@code data} ends here. */
    private void coalesce(ByteBuf data) {
        if (heldWrite == null && coalesced == null) {
            heldWrite = data;
            return;
        }
        if (coalesced != null && coalesced.writableBytes() < data.readableBytes()) {
            writeCoalesced();
            heldWrite = data;
            return;
        }
        if (coalesced == null) {
            // A held write is at most COALESCE_MAX_WRITE bytes, so it and data fit.
            coalesced = channel.alloc().directBuffer(COALESCE_BUFFER);
            ByteBuf held = heldWrite;
            heldWrite = null;
            coalesced.writeBytes(held);
            held.release();
        }
        coalesced.writeBytes(data);
        data.release();
    }

    /** Writes what {@link #coalesce} holds to the channel, unflushed. */
    private void writeCoalesced() {
        ByteBuf out = heldWrite != null ? heldWrite : coalesced;
        if (out != null) {
            heldWrite = null;
            coalesced = null;
            channel.write(out, channel.voidPromise());
        }
    }

    private void releaseCoalesced() {
        if (heldWrite != null) {
            heldWrite.release();
            heldWrite = null;
        }
        if (coalesced != null) {
            coalesced.release();
            coalesced = null;
        }
    }

    @Override
    public void close(CloseType type) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> close(type));
            return;
        }
        if (closingLocally || channel != null && !channel.isOpen()) {
            return;
        }
        closingLocally = true;
        if (channel == null) {
            onClosedBeforeAttach();
        } else if (type == CloseType.FLUSH_WRITE && channel.isActive()) {
            writeCoalesced();
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            releaseCoalesced();
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        int bytes = data.readableBytes();
        bytesRead += bytes;
        for (ConnectionCounters c : counters) {
            c.read(bytes);
        }
        dispatchRead(data, false);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            dispatchRead(Unpooled.EMPTY_BUFFER, true);
        } else if (evt == DrainEvent.INSTANCE) {
            for (int i = 0; i < callbacks.size(); i++) {
                callbacks.get(i).onDrain();
            }
        } else if (evt instanceof IdleStateEvent) {
            LOG.debug("[conn {}] idle timeout, closing {}", id, channel.remoteAddress());
            close(CloseType.NO_FLUSH);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void dispatchRead(ByteBuf data, boolean endOfStream) {
        if (closingLocally) {
            data.release();
            return;
        }
        for (ReadFilter filter : readFilters) {
            if (filter.onData(data, endOfStream) == FilterStatus.STOP) {
                return;
            }
        }
        data.release();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = channel.isWritable();
        for (int i = 0; i < callbacks.size(); i++) {
            callbacks.get(i).onWritabilityChanged(writable);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseCoalesced();
        if (opened) {
            for (ConnectionCounters c : counters) {
                c.closed(closingLocally);
            }
        }
        notifyEvent(closingLocally ? ConnectionEvent.LOCAL_CLOSE : ConnectionEvent.REMOTE_CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("[conn {}] {}: {}", id, channel.remoteAddress(), cause.toString());
        } else {
            LOG.warn("[conn {}] {}: closing after an unexpected error", id, channel.remoteAddress(), cause);
        }
        channel.close();
    }

    /** Delivers an event to the callbacks; close events are delivered once. */
    final void notifyEvent(ConnectionEvent event) {
        if (event.isClose()) {
            if (closeNotified) {
                return;
            }
            closeNotified = true;
        }
        for (int i = 0; i < callbacks.size(); i++) {
            callbacks.get(i).onEvent(event);
        }
    }

    /** Called when {@link #close} runs before the connection has a channel. */
    void onClosedBeforeAttach() {
    }

    /** @return whether {@link #close} has been called */
    final boolean closingLocally() {
        return closingLocally;
    }

    @Override
    public String toString() {
        return "conn " + id + " " + (channel == null ? "unbound" : channel.remoteAddress());
    }
}
