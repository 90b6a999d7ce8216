package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Cuts a connection's bytes into whole Dubbo frames, however reads split or join them.
 *
 * <p>Bytes are added as they are read and frames taken one at a time with {@link #next()}, so a caller can
 * stop taking (for flow control) and leave the rest buffered. A frame's body is a retained slice of the bytes
 * read, not a copy; bytes of a frame not yet complete are kept in one buffer sized for that frame, which the
 * frame size limit bounds.
 *
 * <p>Not thread-safe: used on the connection's event loop. Buffers: {@link #add} takes ownership;
 * {@link #release()} frees what is still buffered.
 */
final class FrameDecoder {

    private final ByteBufAllocator alloc;
    private final int maxBodyLength;
    private ByteBuf cumulation;
    /** Whether {@link #cumulation} was allocated here, so bytes may be written into it. */
    private boolean ownCumulation;
    private boolean failed;

    /**
     * @param alloc allocates the buffer that joins partial frames
     * @param maxBodyLength the largest body accepted; a longer frame is a {@link FramingException}
     */
    FrameDecoder(ByteBufAllocator alloc, int maxBodyLength) {
        this.alloc = alloc;
        this.maxBodyLength = maxBodyLength;
    }

    /** @param data bytes read; ownership passes to the decoder */
    void add(ByteBuf data) {
        if (failed || !data.isReadable()) {
            data.release();
            return;
        }
        if (cumulation == null) {
            cumulation = data;
            ownCumulation = false;
            return;
        }
        try {
            int needed = cumulation.readableBytes() + data.readableBytes();
            if (ownCumulation && cumulation.refCnt() == 1 && cumulation.maxFastWritableBytes() >= data.readableBytes()) {
                cumulation.writeBytes(data);
                return;
            }
            ByteBuf joined = alloc.buffer(Math.max(needed, expectedFrameLength()));
            joined.writeBytes(cumulation).writeBytes(data);
            cumulation.release();
            cumulation = joined;
            ownCumulation = true;
        } finally {
            data.release();
        }
    }

    /**
     * @return the next whole frame, owned by the caller, or null until more bytes arrive
     * @throws FramingException when the bytes cannot be Dubbo frames; the decoder then drops everything
     */
    Frame next() throws FramingException {
        if (failed || cumulation == null) {
            return null;
        }
        int readable = cumulation.readableBytes();
        int start = cumulation.readerIndex();
        if (readable >= 1 && cumulation.getUnsignedByte(start) != FrameHeader.MAGIC_HIGH
                || readable >= 2 && cumulation.getUnsignedByte(start + 1) != FrameHeader.MAGIC_LOW) {
            throw fail(String.format("bad magic 0x%04x, expected 0xdabb", readable >= 2
                    ? cumulation.getUnsignedShort(start) : cumulation.getUnsignedByte(start) << 8), false);
        }
        if (readable < FrameHeader.LENGTH) {
            return null;
        }
        FrameHeader header = FrameHeader.read(cumulation, start);
        if (header.bodyLength() < 0 || header.bodyLength() > maxBodyLength) {
            throw fail("a frame body of " + Integer.toUnsignedString(header.bodyLength())
                    + " bytes is over the limit of " + maxBodyLength + " (max_frame_size)", true);
        }
        if (readable < FrameHeader.LENGTH + header.bodyLength()) {
            return null;
        }
        cumulation.skipBytes(FrameHeader.LENGTH);
        ByteBuf body = cumulation.readRetainedSlice(header.bodyLength());
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        }
        return new Frame(header, body);
    }

    /** @return bytes held that are not yet part of a whole frame */
    int buffered() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    /** Frees what is buffered; later bytes are dropped. */
    void release() {
        failed = true;
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    /** @return the length of the frame being joined, when its header has arrived, else 0 */
    private int expectedFrameLength() {
        if (cumulation.readableBytes() < FrameHeader.LENGTH) {
            return 0;
        }
        int body = cumulation.getInt(cumulation.readerIndex() + 12);
        return body < 0 || body > maxBodyLength ? 0 : FrameHeader.LENGTH + body;
    }

    private FramingException fail(String message, boolean overSizeLimit) {
        release();
        return new FramingException(message, overSizeLimit);
    }
}
