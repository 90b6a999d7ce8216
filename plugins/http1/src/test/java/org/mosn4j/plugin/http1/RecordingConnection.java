package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionCallbacks;

/**
 * A {@link Connection} that records what a codec does to it: each write is copied as text and released at
 * once, close calls and read switches are kept in order.
 */
final class RecordingConnection implements Connection {

    static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 51000);

    final List<String> writes = new ArrayList<>();
    /** The buffers written, for identity checks only: each was released when written. */
    final List<ByteBuf> writtenBuffers = new ArrayList<>();
    final List<CloseType> closes = new ArrayList<>();
    final List<Boolean> readSwitches = new ArrayList<>();
    boolean writable = true;
    private final StringBuilder unread = new StringBuilder();
    /** Its event loop runs scheduled tasks only when a test moves its frozen clock on. */
    private final EmbeddedChannel clock = newClock();

    private static EmbeddedChannel newClock() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        return channel;
    }

    /** @return everything written since the last call */
    String takeOutput() {
        String out = unread.toString();
        unread.setLength(0);
        return out;
    }

    boolean readEnabled() {
        return readSwitches.isEmpty() || readSwitches.get(readSwitches.size() - 1);
    }

    boolean isClosed() {
        return !closes.isEmpty();
    }

    @Override
    public long id() {
        return 42;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return CLIENT;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("192.0.2.1", 80);
    }

    @Override
    public EventLoop eventLoop() {
        return clock.eventLoop();
    }

    /** Moves the event loop's clock on and runs the tasks scheduled up to then. */
    void advanceTimeBy(Duration time) {
        clock.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        clock.runScheduledPendingTasks();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    public void write(ByteBuf data, boolean endOfStream) {
        try {
            String text = data.toString(StandardCharsets.ISO_8859_1);
            writes.add(text);
            writtenBuffers.add(data);
            unread.append(text);
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
