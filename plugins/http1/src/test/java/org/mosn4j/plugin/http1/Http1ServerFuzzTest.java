package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.testkit.AnsweringListener;
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
}
