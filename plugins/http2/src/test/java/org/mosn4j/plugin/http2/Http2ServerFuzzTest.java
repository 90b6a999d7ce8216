package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.testkit.AnsweringListener;
import org.mosn4j.testkit.RecordingConnection;

/**
 * Coverage-guided fuzzing of the HTTP/2 server side: after a valid connection preface, any frames, cut into
 * reads anywhere, end in answered streams, stream errors or a connection error, never in an exception, a broken
 * stream contract (the recording decoder checks it) or a buffer left unreleased. In the normal build the inputs
 * under {@code Http2ServerFuzzTestInputs} are replayed; the {@code fuzz} build execution fuzzes for a while.
 */
class Http2ServerFuzzTest {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "20s")
    void framesAfterThePrefaceAreAnsweredOrRefused(FuzzedDataProvider data) {
        RecordingConnection connection = new RecordingConnection();
        List<ByteBuf> given = new ArrayList<>();
        Http2ServerConnection server = new Http2ServerConnection(connection, new AnsweringListener(),
                new Http2Limits(data.consumeInt(1, 200), data.consumeInt(1, 1 << 20)));
        try {
            given.add(Unpooled.wrappedBuffer(PREFACE));
            server.onData(given.get(0), false);
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 512));
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
}
