package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.testkit.AnsweringListener;
import org.mosn4j.testkit.RecordingConnection;

/**
 * Coverage-guided fuzzing of the dubbo server side (framing and the hessian2 invocation decoder): any bytes,
 * cut into reads anywhere, end in answered requests, error replies or a closed connection, never in an
 * exception, a broken stream contract or a buffer left unreleased. In the normal build the inputs under
 * {@code DubboServerFuzzTestInputs} are replayed; the {@code fuzz} build execution fuzzes for a while.
 */
class DubboServerFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void framesAreAnsweredOrTheConnectionCloses(FuzzedDataProvider data) {
        RecordingConnection connection = new RecordingConnection(new InetSocketAddress("127.0.0.1", 51000), new InetSocketAddress("127.0.0.1", 20880));
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
}
