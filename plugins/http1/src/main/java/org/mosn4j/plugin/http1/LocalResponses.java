package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Responses the server side writes by itself: {@code 100 Continue}, and the answers to bad requests. */
final class LocalResponses {

    private LocalResponses() {
    }

    /** @return {@code HTTP/1.1 100 Continue}, to be written before the request body is read */
    static ByteBuf continueResponse(ByteBufAllocator alloc) {
        return ByteBufUtil.writeAscii(alloc, "HTTP/1.1 100 Continue\r\n\r\n");
    }

    /**
     * @param status an error status
     * @return a response with that status, no body, and {@code Connection: close}
     */
    static ByteBuf error(ByteBufAllocator alloc, HttpResponseStatus status) {
        return ByteBufUtil.writeAscii(alloc, "HTTP/1.1 " + status.code() + ' ' + status.reasonPhrase()
                + "\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    }
}
