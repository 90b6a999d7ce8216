package org.mosn4j.bench.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Turns prepared wire bytes into buffers as a socket read hands them to a protocol. */
public final class Reads {

    private Reads() {
    }

    /**
     * @param alloc the connection's allocator
     * @param bytes what the peer sent
     * @return a fresh I/O buffer (direct where the platform allows, as the kernel's reads) holding {@code bytes};
     *         the caller owns it
     */
    public static ByteBuf of(ByteBufAllocator alloc, byte[] bytes) {
        return alloc.ioBuffer(bytes.length).writeBytes(bytes);
    }
}
