package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvocationDecoderTest {

    private static Invocation decode(byte[] body) throws InvalidBodyException {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        try {
            Invocation invocation = InvocationDecoder.decode(buf);
            assertEquals(0, buf.readerIndex(), "the body is not consumed");
            return invocation;
        } finally {
            buf.release();
        }
    }

    @Test
    void readsTheRoutingFieldsAndStringAttachments() throws Exception {
        Invocation invocation = decode(DubboFrames.invocation("org.example.S", "2.0", "find",
                "Ljava/lang/String;IJ[Ljava/lang/String;Ljava/math/BigDecimal;Ljava/util/Date;",
                new Object[] {"q", 1, 2L, new String[] {"a"}, new BigDecimal("1.5"), new Date(0)},
                Map.of("group", "g", "timeout", "100", "count", 3)));
        assertEquals("2.0.2", invocation.dubboVersion());
        assertEquals("org.example.S", invocation.path());
        assertEquals("2.0", invocation.version());
        assertEquals("find", invocation.method());
        assertEquals(Map.of("group", "g", "timeout", "100"), invocation.attachments());
    }

    @Test
    void objectsOfUnknownClassesAreSteppedOver() throws Exception {
        Invocation invocation = decode(DubboFrames.invocation("s", null, "m", "Lorg/example/Order;Ljava/util/List;",
                new Object[] {new Order("o-1", List.of(new Order("o-2", List.of()))), List.of(new Order("o-3", List.of()))},
                Map.of("interface", "org.example.Orders")));
        assertEquals(Map.of("interface", "org.example.Orders"), invocation.attachments());
    }

    @Test
    void nullAttachmentsAreNone() throws Exception {
        assertEquals(Map.of(), decode(DubboFrames.invocation("s", null, "m", "", new Object[0], null)).attachments());
    }

    @Test
    void bodiesThatAreNotInvocationsAreRejected() {
        assertThrows(InvalidBodyException.class, () -> decode(new byte[] {'N'}));
        assertThrows(InvalidBodyException.class, () -> decode(DubboFrames.invocation("s", null, "m", "Lbroken",
                new Object[0], Map.of())));
        assertThrows(InvalidBodyException.class, () -> decode(truncated()));
        byte[] full = DubboFrames.invocation("s", null, "m", "", new Object[0], Map.of());
        assertThrows(InvalidBodyException.class, () -> decode(java.util.Arrays.copyOf(full, full.length - 2)));
    }

    @Test
    void parameterDescriptorsAreCounted() throws IOException {
        assertEquals(0, InvocationDecoder.countParameters(""));
        assertEquals(1, InvocationDecoder.countParameters("Ljava/lang/String;"));
        assertEquals(4, InvocationDecoder.countParameters("[[IJLjava/util/Map;[Lorg/x/Y;"));
        assertThrows(IOException.class, () -> InvocationDecoder.countParameters("X"));
        assertThrows(IOException.class, () -> InvocationDecoder.countParameters("["));
    }

    private static byte[] truncated() {
        byte[] full = DubboFrames.invocation("s", null, "m", "Ljava/lang/String;", new Object[] {"x".repeat(100)},
                Map.of());
        return java.util.Arrays.copyOf(full, full.length - 60);
    }

    /** A class only the consumer side has. */
    record Order(String id, List<Order> children) implements java.io.Serializable {
    }
}
