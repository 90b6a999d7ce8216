package org.mosn4j.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;

/**
 * A {@link ServerStreamListener} that stands in for the proxy behind a protocol's server side: each request is
 * recorded by a {@link RecordingDecoder} (which checks the stream contract) and, once complete, answered with
 * {@code 200} and the body {@code ok}, as a backend would. For tests that drive a server stream connection with
 * arbitrary bytes. Single-threaded, like the connection it serves.
 */
public final class AnsweringListener implements ServerStreamListener {

    /** Every request so far, in arrival order. */
    public final List<RecordingDecoder> requests = new ArrayList<>();

    @Override
    public StreamDecoder newStream(StreamEncoder responseEncoder) {
        RecordingDecoder recording = new RecordingDecoder();
        responseEncoder.setCallbacks(recording.callbacks);
        requests.add(recording);
        return new StreamDecoder() {
            @Override
            public void onHeaders(HeaderMap headers, boolean endOfStream) {
                recording.onHeaders(headers, endOfStream);
                answerIfComplete();
            }

            @Override
            public void onData(ByteBuf data, boolean endOfStream) {
                recording.onData(data, endOfStream);
                answerIfComplete();
            }

            @Override
            public void onTrailers(HeaderMap trailers) {
                recording.onTrailers(trailers);
                answerIfComplete();
            }

            @Override
            public void onReset(StreamResetReason reason) {
                recording.onReset(reason);
            }

            private void answerIfComplete() {
                if (recording.complete) {
                    HeaderMap response = new DefaultHeaderMap(2);
                    response.set(":status", "200");
                    response.set("content-length", "2");
                    responseEncoder.encodeHeaders(response, false);
                    responseEncoder.encodeData(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII), true);
                }
            }
        };
    }
}
