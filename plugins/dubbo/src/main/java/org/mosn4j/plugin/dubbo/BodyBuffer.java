package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Gathers the body chunks of one message until it ends, without copying: a frame is written whole, with its
 * length in front. Not thread-safe. Buffers: {@link #append} takes ownership, {@link #take} hands it on.
 */
final class BodyBuffer {

    private final ByteBufAllocator alloc;
    private ByteBuf body;
    /** The composite made here to join chunks, once there were two. */
    private CompositeByteBuf joined;

    BodyBuffer(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** @param chunk the next chunk; ownership passes here */
    void append(ByteBuf chunk) {
        if (body == null) {
            body = chunk;
        } else if (joined != null) {
            joined.addComponent(true, chunk);
        } else {
            joined = alloc.compositeBuffer().addComponent(true, body).addComponent(true, chunk);
            body = joined;
        }
    }

    /** @return the whole body (empty when nothing was appended), owned by the caller; this buffer is empty after */
    ByteBuf take() {
        ByteBuf out = body == null ? Unpooled.EMPTY_BUFFER : body;
        body = null;
        joined = null;
        return out;
    }

    /** Frees what was appended. */
    void release() {
        take().release();
    }
}
