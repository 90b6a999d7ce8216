package org.mosn4j.spi.stream;

import io.netty.buffer.ByteBuf;

/** A response filter's handle. */
public interface StreamSenderFilterHandler extends StreamFilterHandler {

    /** @return the response headers, once they exist */
    HeaderMap responseHeaders();

    /**
     * Passes a response body chunk to the sender filters after the calling one and then downstream, for a
     * filter that rewrites the body (compression, say): from {@link StreamSenderFilter#onData} it returns
     * {@link StreamFilterStatus#STOP}, keeping the chunk it was given, and injects what it made of it instead;
     * from {@link StreamSenderFilter#onTrailers} it may inject a last chunk before letting the trailers pass.
     *
     * <p>Only allowed while the calling filter's {@code onData} or {@code onTrailers} runs; elsewhere the
     * buffer is released and an {@link IllegalStateException} thrown. With {@code endOfStream} the response
     * ends here, and the filter must then return {@link StreamFilterStatus#STOP}.
     *
     * @param data the chunk; ownership passes to the stream
     * @param endOfStream whether this chunk ends the response
     */
    default void injectData(ByteBuf data, boolean endOfStream) {
        data.release();
        throw new UnsupportedOperationException("this stream does not take injected data");
    }
}
