package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * The 16-byte header of a Dubbo 2 frame: magic {@code 0xdabb}, a flag byte (request, two-way, event, and the
 * serialization id in the low five bits), a status byte (responses only), an 8-byte request id and the 4-byte
 * length of the body that follows. Immutable.
 *
 * @param flags the flag byte, as an unsigned value
 * @param status the status byte, as an unsigned value ({@link DubboStatus})
 * @param id the request id; opaque to the proxy, which only matches a response to its request by it
 * @param bodyLength the length of the body in bytes
 */
record FrameHeader(int flags, int status, long id, int bodyLength) {

    /** Bytes in a header. */
    static final int LENGTH = 16;
    /** The first byte of every frame. */
    static final int MAGIC_HIGH = 0xda;
    /** The second byte of every frame. */
    static final int MAGIC_LOW = 0xbb;
    /** Set on requests, clear on responses. */
    static final int FLAG_REQUEST = 0x80;
    /** Set on requests that expect a response. */
    static final int FLAG_TWO_WAY = 0x40;
    /** Set on events (heartbeats, the read-only notice) rather than calls. */
    static final int FLAG_EVENT = 0x20;
    /** The bits of the flag byte that hold the serialization id. */
    static final int SERIALIZATION_MASK = 0x1f;
    /** The serialization id of hessian2, the one the proxy decodes. */
    static final int HESSIAN2 = 2;

    /** Reads a header at {@code index} of {@code buf}, which must hold {@link #LENGTH} bytes there. */
    static FrameHeader read(ByteBuf buf, int index) {
        return new FrameHeader(buf.getUnsignedByte(index + 2), buf.getUnsignedByte(index + 3),
                buf.getLong(index + 4), buf.getInt(index + 12));
    }

    /** @return a request header (no status) */
    static FrameHeader request(int flags, long id, int bodyLength) {
        return new FrameHeader(flags | FLAG_REQUEST, 0, id, bodyLength);
    }

    /** @return a response header with this serialization id */
    static FrameHeader response(int serializationId, boolean event, int status, long id, int bodyLength) {
        return new FrameHeader((serializationId & SERIALIZATION_MASK) | (event ? FLAG_EVENT : 0), status, id,
                bodyLength);
    }

    boolean isRequest() {
        return (flags & FLAG_REQUEST) != 0;
    }

    boolean isTwoWay() {
        return (flags & FLAG_TWO_WAY) != 0;
    }

    boolean isEvent() {
        return (flags & FLAG_EVENT) != 0;
    }

    int serializationId() {
        return flags & SERIALIZATION_MASK;
    }

    /**
     * Builds a whole frame: this header's flags and status with another id, followed by {@code body}.
     *
     * @param alloc allocates the header bytes
     * @param newId the request id to write
     * @param body the body; ownership passes to the returned buffer
     * @return the frame, owned by the caller
     */
    ByteBuf encode(ByteBufAllocator alloc, long newId, ByteBuf body) {
        ByteBuf header = alloc.buffer(LENGTH, LENGTH)
                .writeByte(MAGIC_HIGH).writeByte(MAGIC_LOW).writeByte(flags).writeByte(status)
                .writeLong(newId).writeInt(body.readableBytes());
        if (!body.isReadable()) {
            body.release();
            return header;
        }
        CompositeByteBuf frame = alloc.compositeBuffer(2);
        return frame.addComponent(true, header).addComponent(true, body);
    }

    @Override
    public String toString() {
        return (isRequest() ? "request" : "response") + (isEvent() ? " event" : "")
                + (isRequest() && !isTwoWay() ? " one-way" : "") + " id=" + id + " serialization=" + serializationId()
                + (isRequest() ? "" : " status=" + status) + " body=" + bodyLength;
    }
}
