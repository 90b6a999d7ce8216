package org.mosn4j.spi.stream;

import io.netty.buffer.ByteBuf;

/**
 * A response filter, run before the response is sent downstream. One instance per stream. Threading: the
 * downstream connection's event loop. Buffers: as for {@link StreamReceiverFilter}.
 */
public interface StreamSenderFilter {

    /** Called once, before anything else. */
    void init(StreamSenderFilterHandler handler);

    /** @param headers the response headers; may be changed */
    StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream);

    /** A response body chunk. */
    default StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
        return StreamFilterStatus.CONTINUE;
    }

    /** The response trailers. */
    default StreamFilterStatus onTrailers(HeaderMap trailers) {
        return StreamFilterStatus.CONTINUE;
    }

    /** The stream ended; release what the filter holds. */
    default void onDestroy() {
    }
}
