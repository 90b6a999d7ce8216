package org.mosn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mosn4j.testkit.LeakRecorder;

/** The leak guard every test class runs under really sees an unreleased buffer. */
class LeakDetectionTest {

    @Test
    void anUnreleasedBufferIsReported() {
        LeakRecorder.drain();
        leak();
        List<String> leaks = LeakRecorder.drain();
        assertFalse(leaks.isEmpty(), "an unreleased buffer was not reported");
        assertTrue(leaks.get(0).startsWith("LEAK: "), leaks.get(0));
    }

    private static void leak() {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(16);
        buf.writeInt(42);
    }
}
