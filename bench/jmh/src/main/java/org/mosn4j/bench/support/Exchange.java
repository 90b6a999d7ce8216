package org.mosn4j.bench.support;

import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;

/**
 * Plays the proxy for one message at a time: keeps its headers, releases its body and counts the bytes. Not
 * thread-safe: one per benchmark state.
 */
public final class Exchange implements ServerStreamListener, StreamDecoder {

    public StreamEncoder encoder;
    public HeaderMap headers;
    public int bodyBytes;
    public boolean complete;

    public void reset() {
        encoder = null;
        headers = null;
        bodyBytes = 0;
        complete = false;
    }

    /** @throws IllegalStateException when the message did not arrive whole: the measurement would be wrong */
    public void check(int expectedBody) {
        if (headers == null || !complete || bodyBytes != expectedBody) {
            throw new IllegalStateException("expected a whole message with a " + expectedBody + "-byte body, got "
                    + (headers == null ? "no headers" : bodyBytes + " body bytes, complete: " + complete));
        }
    }

    @Override
    public StreamDecoder newStream(StreamEncoder responseEncoder) {
        encoder = responseEncoder;
        return this;
    }

    @Override
    public void onHeaders(HeaderMap headers, boolean endOfStream) {
        this.headers = headers;
        complete = endOfStream;
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        bodyBytes += data.readableBytes();
        data.release();
        complete = endOfStream;
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
        complete = true;
    }

    @Override
    public void onReset(StreamResetReason reason) {
        throw new IllegalStateException("stream reset: " + reason);
    }
}
