package org.mosn4j.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionCallbacks;

/**
 * A {@link Connection} that records what a protocol does to it, for tests that drive a stream connection
 * directly: written bytes are kept (copied and released at once) until {@link #takeOutput}, close calls and
 * read switches are kept in order. Its event loop is an embedded one, whose tasks run when the test calls
 * {@link #runPendingTasks()}. Single-threaded; call {@link #dispose()} at the end.
 */
public final class RecordingConnection implements Connection {

    public final List<CloseType> closes = new ArrayList<>();
    public final List<Boolean> readSwitches = new ArrayList<>();
    public boolean writable = true;
    private final ByteBuf unread = Unpooled.buffer();
    private final EmbeddedChannel loop = new EmbeddedChannel();

    /** The client address of the default constructor. */
    public static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 51000);

    private final InetSocketAddress remote;
    private final InetSocketAddress local;

    /** A connection from {@link #CLIENT} to 192.0.2.1:80. */
    public RecordingConnection() {
        this(CLIENT, new InetSocketAddress("192.0.2.1", 80));
    }

    /**
     * @param remote the peer's address
     * @param local this side's address
     */
    public RecordingConnection(InetSocketAddress remote, InetSocketAddress local) {
        this.remote = remote;
        this.local = local;
    }

    /** @return everything written since the last call; the caller owns it */
    public ByteBuf takeOutput() {
        ByteBuf out = Unpooled.copiedBuffer(unread);
        unread.clear();
        return out;
    }

    public boolean isClosed() {
        return !closes.isEmpty();
    }

    public void runPendingTasks() {
        loop.runPendingTasks();
    }

    /** Frees the recording. */
    public void dispose() {
        unread.release();
        loop.finishAndReleaseAll();
    }

    @Override
    public long id() {
        return 42;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public EventLoop eventLoop() {
        return loop.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    public void write(ByteBuf data, boolean endOfStream) {
        try {
            unread.writeBytes(data);
        } finally {
            data.release();
        }
    }

    @Override
    public void close(CloseType type) {
        closes.add(type);
    }

    @Override
    public boolean isOpen() {
        return closes.isEmpty();
    }

    @Override
    public void setReadEnabled(boolean enabled) {
        readSwitches.add(enabled);
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void addCallbacks(ConnectionCallbacks callbacks) {
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    public long bytesWritten() {
        return 0;
    }
}
