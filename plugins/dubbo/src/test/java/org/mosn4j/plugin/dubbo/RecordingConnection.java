package org.mosn4j.plugin.dubbo;

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
 * A {@link Connection} that records what a codec does to it: the bytes written are copied (each write is
 * released at once), close calls and read switches are kept in order. Its event loop is an embedded one, whose
 * tasks run when the test calls {@link #runPendingTasks()}.
 */
final class RecordingConnection implements Connection {

    final List<CloseType> closes = new ArrayList<>();
    final List<Boolean> readSwitches = new ArrayList<>();
    boolean writable = true;
    private final ByteBuf unread = Unpooled.buffer();
    private final EmbeddedChannel loop = new EmbeddedChannel();

    /** @return everything written since the last call, as frames */
    List<DubboFrames.Written> takeFrames() {
        ByteBuf out = Unpooled.copiedBuffer(unread);
        unread.clear();
        return DubboFrames.Written.all(out);
    }

    boolean isClosed() {
        return !closes.isEmpty();
    }

    void runPendingTasks() {
        loop.runPendingTasks();
    }

    /** Frees the recording. */
    void dispose() {
        unread.release();
        loop.finishAndReleaseAll();
    }

    @Override
    public long id() {
        return 7;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 51000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 20880);
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
