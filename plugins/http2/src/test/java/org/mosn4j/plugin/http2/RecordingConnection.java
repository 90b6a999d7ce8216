package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionCallbacks;

/**
 * A {@link Connection} that records what a codec does to it: the bytes written are copied (each write is
 * released at once) for a peer to read, close calls and read switches are kept in order.
 */
final class RecordingConnection implements Connection {

    static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 51000);

    final List<CloseType> closes = new ArrayList<>();
    final List<Boolean> readSwitches = new ArrayList<>();
    boolean writable = true;
    private final ByteBuf unread = Unpooled.buffer();

    /** @return everything written since the last call; the caller owns it */
    ByteBuf takeOutput() {
        ByteBuf out = Unpooled.copiedBuffer(unread);
        unread.clear();
        return out;
    }

    boolean isClosed() {
        return !closes.isEmpty();
    }

    /** Frees the recording. */
    void dispose() {
        unread.release();
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
        throw new UnsupportedOperationException("the codec runs on the caller's thread");
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
