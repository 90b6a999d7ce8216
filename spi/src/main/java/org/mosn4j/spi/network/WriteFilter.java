package org.mosn4j.spi.network;

import io.netty.buffer.ByteBuf;

/**
 * A network filter on the write path: it sees bytes before they are written to the socket. Write filters run
 * in the reverse order of their installation, as in MOSN and Envoy.
 *
 * <p>Threading: runs on the connection's event loop. Buffers: with {@link FilterStatus#CONTINUE} the buffer
 * goes on unchanged in ownership to the next filter and then the socket; with {@link FilterStatus#STOP} the
 * filter owns it and must release it or write it later through {@link Connection#write}.
 */
public interface WriteFilter {

    /**
     * Bytes are about to be written.
     *
     * @param data the bytes
     * @param endOfStream whether the connection's output is shut down after them
     * @return whether the bytes go on to the socket
     */
    FilterStatus onWrite(ByteBuf data, boolean endOfStream);
}
