package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.testkit.RecordingDecoder;

/**
 * Coverage-guided fuzzing of the HTTP/1 server side: any bytes, cut into reads anywhere, end in answered
 * requests or a rejection, never in an exception, a broken stream contract (the recording decoder checks it)
 * or a buffer left unreleased. In the normal build the inputs under {@code Http1ServerFuzzTestInputs} are
 * replayed; the {@code fuzz} build execution fuzzes for a while (see the README).
 */
class Http1ServerFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void requestsInAnyBytesAreAnsweredOrRejected(FuzzedDataProvider data) {
        RecordingConnection connection = new RecordingConnection();
        List<ByteBuf> given = new ArrayList<>();
        AnsweringListener listener = new AnsweringListener();
        Http1ServerConnection server = new Http1ServerConnection(connection, listener,
                new Http1Limits(data.consumeInt(16, 8192), data.consumeInt(64, 65536)));
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 256));
            ByteBuf read = Unpooled.buffer(chunk.length).writeBytes(chunk);
            given.add(read);
            server.onData(read, false);
        }
        ByteBuf end = Unpooled.buffer(0);
        given.add(end);
        server.onData(end, true);
        server.onConnectionClosed();

        for (ByteBuf buf : given) {
            assertEquals(0, buf.refCnt(), "a read buffer was not released");
        }
        for (RecordingDecoder request : listener.requests) {
            assertTrue(request.headers != null, "a stream began without headers");
        }
    }

    /** Answers each request with an empty 200 once it is complete, as a backend would. */
    private static final class AnsweringListener implements ServerStreamListener {

        final List<RecordingDecoder> requests = new ArrayList<>();

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
                        response.set("content-length", "0");
                        responseEncoder.encodeHeaders(response, true);
                    }
                }
            };
        }
    }
}
