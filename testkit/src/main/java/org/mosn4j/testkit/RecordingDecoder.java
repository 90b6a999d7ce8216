package org.mosn4j.testkit;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamResetReason;

/**
 * A {@link StreamDecoder} that records one message: headers, body (copied and released at once), trailers,
 * and how it ended; {@link #callbacks} records the stream events of the encoder it is paired with. For protocol
 * plugin tests, which read and set its fields directly. Not thread-safe.
 */
public final class RecordingDecoder implements StreamDecoder {

    public HeaderMap headers;
    public boolean headersEndStream;
    public final StringBuilder body = new StringBuilder();
    public final List<String> chunks = new ArrayList<>();
    public HeaderMap trailers;
    public boolean complete;
    public StreamResetReason reset;
    public StreamResetReason callbackReset;
    public final List<Boolean> writability = new ArrayList<>();
    /** When set, takes each body chunk (and its ownership) instead of the recording. */
    public Consumer<ByteBuf> dataTaker;
    /** Runs after the headers arrive, to answer from inside the callback. */
    public Runnable onHeadersAction;
    public final StreamCallbacks callbacks = new StreamCallbacks() {
        @Override
        public void onReset(StreamResetReason reason) {
            if (callbackReset != null) {
                throw new AssertionError("callbacks reset twice");
            }
            callbackReset = reason;
        }

        @Override
        public void onWritabilityChanged(boolean writable) {
            writability.add(writable);
        }
    };

    @Override
    public void onHeaders(HeaderMap headers, boolean endOfStream) {
        if (this.headers != null) {
            throw new AssertionError("headers twice");
        }
        this.headers = headers;
        this.headersEndStream = endOfStream;
        complete = endOfStream;
        if (onHeadersAction != null) {
            onHeadersAction.run();
        }
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        if (dataTaker != null) {
            dataTaker.accept(data);
            return;
        }
        try {
            if (complete) {
                throw new AssertionError("data after the end of the message");
            }
            String text = data.toString(StandardCharsets.ISO_8859_1);
            chunks.add(text);
            body.append(text);
            complete = endOfStream;
        } finally {
            data.release();
        }
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
        if (complete) {
            throw new AssertionError("trailers after the end of the message");
        }
        this.trailers = trailers;
        complete = true;
    }

    @Override
    public void onReset(StreamResetReason reason) {
        if (reset != null) {
            throw new AssertionError("reset twice");
        }
        reset = reason;
    }
}
