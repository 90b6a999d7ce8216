package org.mosn4j.spi.network;

import io.netty.buffer.ByteBuf;

/**
 * A network filter on the read path: it sees a connection's incoming bytes.
 *
 * <p>Threading: every method runs on the connection's event loop. One instance serves one connection.
 *
 * <p>Buffers: {@link #onData} hands over a buffer. If the filter returns {@link FilterStatus#STOP}, it owns
 * the buffer and must release it or pass ownership on (for example by writing it to another connection). If
 * it returns {@link FilterStatus#CONTINUE}, it must not have released or retained-and-kept it; the next filter
 * gets it, and after the last filter the connection releases it.
 */
public interface ReadFilter {

    /**
     * Called once before any other method, with the handle to the connection.
     *
     * @param callbacks the filter's view of the chain and connection
     */
    void initReadFilterCallbacks(ReadFilterCallbacks callbacks);

    /**
     * The connection is established (for a downstream connection: accepted). Nothing has been read yet; a
     * filter that is not ready for data can turn reading off with {@link Connection#setReadEnabled}.
     *
     * @return {@link FilterStatus#STOP} to keep later filters from seeing this event
     */
    default FilterStatus onNewConnection() {
        return FilterStatus.CONTINUE;
    }

    /**
     * Bytes arrived, or the peer half-closed its side.
     *
     * @param data the bytes read; empty when only signalling end of stream. See the type's javadoc for
     *             ownership
     * @param endOfStream true once the peer has shut down its output (no more bytes will arrive)
     * @return whether later filters see this data
     */
    FilterStatus onData(ByteBuf data, boolean endOfStream);
}
