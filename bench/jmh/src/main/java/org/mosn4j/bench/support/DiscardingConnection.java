package org.mosn4j.bench.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionCallbacks;

/**
 * A {@link Connection} for driving a protocol's stream connection in a benchmark: what the protocol writes is
 * counted and released at once, so a measurement includes encoding but no socket and no copy. Allocates with
 * {@link ByteBufAllocator#DEFAULT}, as a kernel connection does. A close is remembered so a benchmark can fail
 * instead of measuring a dead connection. Single-threaded; call {@link #dispose()} at the end.
 */
public final class DiscardingConnection implements Connection {

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final InetSocketAddress remote = new InetSocketAddress("192.0.2.7", 51000);
    private final InetSocketAddress local = new InetSocketAddress("192.0.2.1", 80);
    private long bytesWritten;
    private CloseType closed;

    /** @return how many bytes the protocol wrote so far */
    @Override
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * @param what the benchmark step that just ran, for the message
     * @throws IllegalStateException when the protocol closed the connection: what follows would measure nothing
     */
    public void checkOpen(String what) {
        if (closed != null) {
            throw new IllegalStateException("the protocol closed the connection (" + closed + ") after " + what);
        }
    }

    /** Frees the event loop. */
    public void dispose() {
        loop.finishAndReleaseAll();
    }

    @Override
    public void write(ByteBuf data, boolean endOfStream) {
        bytesWritten += data.readableBytes();
        data.release();
    }

    @Override
    public void close(CloseType type) {
        if (closed == null) {
            closed = type;
        }
    }

    @Override
    public boolean isOpen() {
        return closed == null;
    }

    @Override
    public long id() {
        return 1;
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
    public void setReadEnabled(boolean enabled) {
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void addCallbacks(ConnectionCallbacks callbacks) {
    }

    @Override
    public long bytesRead() {
        return 0;
    }
}
