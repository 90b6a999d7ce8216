package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
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
import org.mosn4j.testkit.RecordingDecoder;

/**
 * Coverage-guided fuzzing of the dubbo server side (framing and the hessian2 invocation decoder): any bytes,
 * cut into reads anywhere, end in answered requests, error replies or a closed connection, never in an
 * exception, a broken stream contract or a buffer left unreleased. In the normal build the inputs under
 * {@code DubboServerFuzzTestInputs} are replayed; the {@code fuzz} build execution fuzzes for a while.
 */
class DubboServerFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void framesAreAnsweredOrTheConnectionCloses(FuzzedDataProvider data) {
        RecordingConnection connection = new RecordingConnection();
        List<ByteBuf> given = new ArrayList<>();
        DubboServerConnection server = new DubboServerConnection(connection, new AnsweringListener(),
                new DubboLimits(data.consumeInt(16, 1 << 16), data.consumeInt(1, 64)));
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 256));
                ByteBuf read = Unpooled.buffer(chunk.length).writeBytes(chunk);
                given.add(read);
                server.onData(read, false);
            }
            server.onConnectionClosed();
            for (ByteBuf buf : given) {
                assertEquals(0, buf.refCnt(), "a read buffer was not released");
            }
        } finally {
            connection.dispose();
        }
    }

    /** Answers each request with a small 200 once it is complete, as an upstream would through the proxy. */
    private static final class AnsweringListener implements ServerStreamListener {

        @Override
        public StreamDecoder newStream(StreamEncoder responseEncoder) {
            RecordingDecoder recording = new RecordingDecoder();
            responseEncoder.setCallbacks(recording.callbacks);
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
                        responseEncoder.encodeHeaders(response, false);
                        responseEncoder.encodeData(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII), true);
                    }
                }
            };
        }
    }
}
