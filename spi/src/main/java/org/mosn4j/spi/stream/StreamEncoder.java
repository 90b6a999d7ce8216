package org.mosn4j.spi.stream;

import io.netty.buffer.ByteBuf;

/**
 * Sends one message of a stream through its protocol: a response on the server side, a request on the
 * client side. Call in order: headers once, then data, then optional trailers; the call with
 * {@code endOfStream} (or the trailers) ends the message.
 *
 * <p>Threading: call on the connection's event loop. Buffers: {@link #encodeData} takes ownership.
 * Flow control: when {@link #isWritable()} turns false the caller should stop reading whatever feeds this
 * encoder (with the other stream's {@link #setReadEnabled}) until {@link StreamCallbacks#onWritabilityChanged}
 * reports true again.
 */
public interface StreamEncoder {

    /**
     * @param headers the message headers; the encoder may change them (hop-by-hop headers, framing)
     * @param endOfStream whether there is no body
     */
    void encodeHeaders(HeaderMap headers, boolean endOfStream);

    /**
     * @param data a body chunk; ownership passes to the encoder
     * @param endOfStream whether this is the last chunk
     */
    void encodeData(ByteBuf data, boolean endOfStream);

    /** @param trailers trailers, which end the message (protocols without trailers drop them) */
    void encodeTrailers(HeaderMap trailers);

    /** Ends the stream early in the protocol's way (HTTP/1: close the connection; HTTP/2: RST_STREAM). */
    void reset(StreamResetReason reason);

    /** @return whether more can be sent without growing buffers past their limit */
    boolean isWritable();

    /**
     * Pauses or resumes delivery of the opposite message of this stream (the request body for a server
     * stream's encoder, the response for a client stream's), for flow control.
     */
    void setReadEnabled(boolean enabled);

    /** @param callbacks stream events for the encoder's owner; replaces earlier ones */
    void setCallbacks(StreamCallbacks callbacks);
}
