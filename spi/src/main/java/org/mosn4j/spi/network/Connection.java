package org.mosn4j.spi.network;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * A TCP connection, downstream (accepted by a listener) or upstream (opened to a cluster's host).
 *
 * <p>Threading: owned by {@link #eventLoop()}. Every method may be called from any thread; calls from other
 * threads are run on the event loop, in order.
 */
public interface Connection {

    /** @return an id unique within the process, for logs */
    long id();

    /** @return the peer's address */
    InetSocketAddress remoteAddress();

    /** @return this side's address */
    InetSocketAddress localAddress();

    /** @return the event loop that owns this connection and runs all of its callbacks */
    EventLoop eventLoop();

    /** @return the allocator to use for buffers written to this connection */
    ByteBufAllocator alloc();

    /**
     * Writes bytes through this connection's write filters to the socket and flushes.
     *
     * <p>Ownership of {@code data} passes to the connection, which releases it once written or if the
     * connection is closed. With {@code endOfStream} the connection shuts down its output (half-close)
     * after the data; reading goes on until the peer closes its side.
     *
     * @param data the bytes; may be empty
     * @param endOfStream whether this is the last write
     */
    void write(ByteBuf data, boolean endOfStream);

    /**
     * Closes the connection. Does nothing if it is already closed.
     *
     * @param type whether queued writes are flushed first
     */
    void close(CloseType type);

    /** @return whether the connection is open (connected and not yet closed) */
    boolean isOpen();

    /**
     * Turns reading from the socket on or off. Used for backpressure: a filter that cannot pass data on
     * stops reading until the receiving side is writable again.
     *
     * @param enabled whether to read
     */
    void setReadEnabled(boolean enabled);

    /** @return whether the queued, unwritten bytes are below the high watermark */
    boolean isWritable();

    /**
     * Adds a listener for this connection's events.
     *
     * @param callbacks the listener; called on the event loop
     */
    void addCallbacks(ConnectionCallbacks callbacks);

    /** @return bytes read from the socket so far */
    long bytesRead();

    /** @return bytes written to the socket so far */
    long bytesWritten();
}
