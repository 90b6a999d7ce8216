package org.mosn4j.spi.stream;

import io.netty.buffer.ByteBuf;

/**
 * Receives one message of a stream, as a protocol decodes it: a request on the server side, a response on
 * the client side. Headers come first (once), then data chunks, then optional trailers; the part that carries
 * {@code endOfStream} (or the trailers) ends the message. {@link #onReset} ends it early.
 *
 * <p>Threading: called on the connection's event loop. Buffers: {@link #onData} passes ownership of the
 * buffer to the decoder, which must release it or pass it on.
 */
public interface StreamDecoder {

    /**
     * @param headers the message headers, owned by the receiver from now on
     * @param endOfStream whether the message has no body
     */
    void onHeaders(HeaderMap headers, boolean endOfStream);

    /**
     * @param data a body chunk; ownership passes to the decoder
     * @param endOfStream whether this is the last chunk
     */
    void onData(ByteBuf data, boolean endOfStream);

    /** @param trailers the trailers, which end the message */
    void onTrailers(HeaderMap trailers);

    /** The stream ended early; nothing more is delivered. */
    void onReset(StreamResetReason reason);
}
