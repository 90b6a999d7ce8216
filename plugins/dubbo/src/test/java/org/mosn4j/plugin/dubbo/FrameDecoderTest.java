package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder(ByteBufAllocator.DEFAULT, 1024);

    private void add(byte[] bytes) {
        decoder.add(ByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes));
    }

    @Test
    void framesComeOutWholeHoweverTheBytesArrive() throws Exception {
        byte[] one = DubboFrames.request(1, "first".getBytes());
        byte[] two = DubboFrames.request(2, "second body".getBytes());
        byte[] all = DubboFrames.concat(one, two);
        for (int i = 0; i < all.length; i += 3) {
            add(Arrays.copyOfRange(all, i, Math.min(all.length, i + 3)));
        }
        Frame first = decoder.next();
        Frame second = decoder.next();
        assertNull(decoder.next());
        try {
            assertEquals(1, first.header().id());
            assertEquals("first", first.body().toString(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(2, second.header().id());
            assertEquals("second body", second.body().toString(java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(second.header().isTwoWay());
            assertEquals(0, decoder.buffered());
        } finally {
            first.release();
            second.release();
            decoder.release();
        }
    }

    @Test
    void aFrameOfAnEmptyBodyIsWhole() throws Exception {
        add(DubboFrames.request(3, new byte[0]));
        Frame frame = decoder.next();
        assertEquals(0, frame.body().readableBytes());
        frame.release();
        decoder.release();
    }

    @Test
    void aWrongFirstByteFailsAtOnce() {
        add(new byte[] {'G'});
        FramingException e = assertThrows(FramingException.class, decoder::next);
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
        assertNull(assertDoesNotThrowNext());
    }

    @Test
    void anOversizeLengthFailsOnTheHeader() {
        add(Arrays.copyOf(DubboFrames.request(1, new byte[1025]), 16));
        assertThrows(FramingException.class, decoder::next);
    }

    @Test
    void aNegativeLengthFails() {
        byte[] header = Arrays.copyOf(DubboFrames.request(1, new byte[0]), 16);
        header[12] = (byte) 0xff;
        add(header);
        assertThrows(FramingException.class, decoder::next);
    }

    private Frame assertDoesNotThrowNext() {
        try {
            return decoder.next();
        } catch (FramingException e) {
            throw new AssertionError(e);
        }
    }
}
