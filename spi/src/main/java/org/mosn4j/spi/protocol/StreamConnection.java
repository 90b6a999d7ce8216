package org.mosn4j.spi.protocol;

import io.netty.buffer.ByteBuf;

/** A protocol's view of one connection, server or client side. Used on the connection's event loop. */
public interface StreamConnection {

    /**
     * Bytes read from the connection, or its end.
     *
     * @param data the bytes; ownership passes to the stream connection
     * @param endOfStream whether the peer closed its side
     */
    void onData(ByteBuf data, boolean endOfStream);

    /** The connection closed: reset every active stream with {@code CONNECTION_TERMINATED}. */
    void onConnectionClosed();

    /** @return the number of streams not yet complete */
    int activeStreams();

    /** The connection's write side crossed its watermarks; pass it on to the active streams' callbacks. */
    default void onWritabilityChanged(boolean writable) {
    }
}
