package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttachmentWriterTest {

    private static Invocation appendAndDecode(byte[] body, Map<String, String> added) throws Exception {
        ByteBuf out = AttachmentWriter.append(Unpooled.copiedBuffer(body), added, ByteBufAllocator.DEFAULT);
        try {
            return InvocationDecoder.decode(out);
        } finally {
            out.release();
        }
    }

    @Test
    void entriesAreAddedAndReplacedAndTheRestIsKept() throws Exception {
        byte[] body = DubboFrames.invocation("org.example.S", "1.0", "find", "Ljava/lang/String;J",
                new Object[] {"a long argument", 42L}, new LinkedHashMap<>(Map.of("group", "blue", "timeout", "3000")));
        Invocation invocation = appendAndDecode(body, Map.of("traceparent", "00-abc", "timeout", "500"));
        assertEquals("find", invocation.method());
        assertEquals(Map.of("group", "blue", "timeout", "500", "traceparent", "00-abc"), invocation.attachments());
    }

    @Test
    void nullAttachmentsBecomeAMap() throws Exception {
        byte[] body = DubboFrames.invocation("s", null, "m", "", new Object[0], null);
        assertEquals(Map.of("k", "v"), appendAndDecode(body, Map.of("k", "v")).attachments());
    }

    @Test
    void nothingToAddOrNoMapLeavesTheBodyAsItIs() {
        ByteBuf body = Unpooled.copiedBuffer(DubboFrames.sayHello("x"));
        assertSame(body, AttachmentWriter.append(body, Map.of(), ByteBufAllocator.DEFAULT));
        ByteBuf odd = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
        assertSame(odd, AttachmentWriter.append(odd, Map.of("k", "v"), ByteBufAllocator.DEFAULT));
        body.release();
        odd.release();
    }
}
