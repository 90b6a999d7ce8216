package org.mosn4j.plugin.filters.gzip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.mosn4j.plugin.filters.common.TestBackend;

class GzipEncoderTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static byte[] take(ByteBuf out) {
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static byte[] encode(GzipEncoder encoder, ByteBuf input, boolean last) {
        try {
            return take(encoder.encode(input, last, ALLOC));
        } finally {
            input.release();
        }
    }

    @Test
    void chunksMakeOneGzipMemberThatStandardReadersDecode() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Arrays.fill(data, 100_000, 200_000, (byte) 'z');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipEncoder encoder = new GzipEncoder(6)) {
            out.writeBytes(encode(encoder, ALLOC.directBuffer().writeBytes(data, 0, 70_000), false));
            out.writeBytes(encode(encoder, Unpooled.wrappedBuffer(data, 70_000, 130_000), false));
            CompositeByteBuf composite = ALLOC.compositeBuffer();
            composite.addComponent(true, Unpooled.copiedBuffer(data, 200_000, 50_000));
            composite.addComponent(true, ALLOC.heapBuffer().writeBytes(data, 250_000, 50_000));
            out.writeBytes(encode(encoder, composite, true));
        }
        assertArrayEquals(data, TestBackend.Gzip.decompress(out.toByteArray()));
    }

    @Test
    void eachChunkCanBeReadAsSoonAsItIsOut() throws Exception {
        try (GzipEncoder encoder = new GzipEncoder(9)) {
            byte[] first = encode(encoder, Unpooled.copiedBuffer("first part\n", StandardCharsets.US_ASCII), false);
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(first, 10, first.length - 10);
                byte[] seen = new byte[64];
                int n = inflater.inflate(seen);
                assertEquals("first part\n", new String(seen, 0, n, StandardCharsets.US_ASCII));
            } finally {
                inflater.end();
            }
        }
    }

    @Test
    void emptyBodiesAndALateFinish() throws Exception {
        try (GzipEncoder encoder = new GzipEncoder(1)) {
            assertArrayEquals(new byte[0], TestBackend.Gzip.decompress(encode(encoder, Unpooled.EMPTY_BUFFER, true)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipEncoder encoder = new GzipEncoder(6)) {
            out.writeBytes(encode(encoder, Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII), false));
            out.writeBytes(take(encoder.finish(ALLOC)));
        }
        assertEquals("abc", new String(TestBackend.Gzip.decompress(out.toByteArray()), StandardCharsets.US_ASCII));
    }
}
