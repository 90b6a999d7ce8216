package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;

/**
 * One whole Dubbo frame as read: its header and its body, byte for byte.
 *
 * @param header the parsed header
 * @param body the body ({@link FrameHeader#bodyLength()} bytes); whoever holds the frame owns it and must release
 *             it or pass it on
 */
record Frame(FrameHeader header, ByteBuf body) {

    /** Releases the body. */
    void release() {
        body.release();
    }
}
