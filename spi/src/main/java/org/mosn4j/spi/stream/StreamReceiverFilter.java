package org.mosn4j.spi.stream;

import io.netty.buffer.ByteBuf;

/**
 * A request filter. One instance per stream, created by its factory's installer; runs in the phase it was
 * added with. Threading: the downstream connection's event loop.
 *
 * <p>Buffers: with {@link StreamFilterStatus#CONTINUE} from {@link #onData} the buffer goes on to the next
 * filter; with {@link StreamFilterStatus#STOP} the filter owns it (and has typically answered directly).
 */
public interface StreamReceiverFilter {

    /** Called once, before anything else. */
    void init(StreamReceiverFilterHandler handler);

    /**
     * @param headers the request headers; may be changed
     * @param endOfStream whether the request has no body
     */
    StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream);

    /** A request body chunk; see the type's javadoc for ownership. */
    default StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
        return StreamFilterStatus.CONTINUE;
    }

    /** The request trailers. */
    default StreamFilterStatus onTrailers(HeaderMap trailers) {
        return StreamFilterStatus.CONTINUE;
    }

    /** The stream ended (completed or reset); release what the filter holds. */
    default void onDestroy() {
    }
}
