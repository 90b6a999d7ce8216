package org.mosn4j.plugin.filters.gzip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Turns one response body into a gzip member (RFC 1952) chunk by chunk: each input chunk comes out compressed
 * and sync-flushed, so a streamed response reaches the client as it is produced, not when it ends; the last
 * chunk (or {@link #finish}) adds the deflate end and the gzip trailer.
 *
 * <p>Not thread-safe: one per stream, on its event loop. {@link #close()} must be called on the thread that
 * created the encoder, to give the {@link Deflater} back to that thread's pool. Buffers: input is read, never
 * released; each result is a new buffer the caller owns.
 */
final class GzipEncoder implements AutoCloseable {

    /** Magic, deflate, no flags, no time, no extra flags, unknown OS. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER_BYTES = 8;

    private final int level;
    private final CRC32 crc = new CRC32();
    private Deflater deflater;
    private long inputBytes;
    private boolean headerWritten;
    private boolean finished;

    GzipEncoder(int level) {
        this.level = level;
        this.deflater = DeflaterPool.take(level);
    }

    /**
     * @param input a body chunk, read but not released
     * @param last whether it ends the body
     * @param alloc where the output comes from
     * @return the compressed bytes for this chunk
     */
    ByteBuf encode(ByteBuf input, boolean last, ByteBufAllocator alloc) {
        if (finished) {
            throw new IllegalStateException("the gzip stream has ended");
        }
        ByteBuf out = alloc.buffer(Math.max(64, input.readableBytes() / 2 + HEADER.length + TRAILER_BYTES + 16));
        writeHeaderOnce(out);
        if (input.isReadable()) {
            inputBytes += input.readableBytes();
            for (ByteBuffer part : input.nioBuffers()) {
                crc.update(part.duplicate());
                deflater.setInput(part);
                deflate(out, Deflater.NO_FLUSH);
            }
        }
        if (last) {
            finishInto(out);
        } else {
            deflate(out, Deflater.SYNC_FLUSH);
        }
        return out;
    }

    /** @return the end of the gzip member, for a body whose last chunk did not say it was last */
    ByteBuf finish(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(HEADER.length + TRAILER_BYTES + 16);
        writeHeaderOnce(out);
        finishInto(out);
        return out;
    }

    /** @return whether the gzip member is complete */
    boolean finished() {
        return finished;
    }

    private void writeHeaderOnce(ByteBuf out) {
        if (!headerWritten) {
            headerWritten = true;
            out.writeBytes(HEADER);
        }
    }

    private void finishInto(ByteBuf out) {
        deflater.finish();
        deflate(out, Deflater.NO_FLUSH);
        out.writeIntLE((int) crc.getValue());
        out.writeIntLE((int) inputBytes);
        finished = true;
    }

    /** Runs the deflater until it has taken all input and written all it can for {@code flush}. */
    private void deflate(ByteBuf out, int flush) {
        while (true) {
            out.ensureWritable(256);
            ByteBuffer target = out.nioBuffer(out.writerIndex(), out.writableBytes());
            int space = target.remaining();
            int written = deflater.deflate(target, flush);
            out.writerIndex(out.writerIndex() + written);
            boolean outputFull = written == space;
            if (deflater.finished() || !outputFull && deflater.needsInput()) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (deflater != null) {
            DeflaterPool.give(deflater, level);
            deflater = null;
        }
    }
}
