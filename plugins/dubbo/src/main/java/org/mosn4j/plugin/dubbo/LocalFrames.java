package org.mosn4j.plugin.dubbo;

import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The frames the proxy writes on its own rather than forwarding: heartbeat answers, error responses and the
 * read-only notice. Each method returns a new buffer owned by the caller. Stateless and thread-safe.
 */
final class LocalFrames {

    /** The event data Dubbo sends to say "send no new requests on this connection". */
    private static final String READONLY_EVENT = "R";

    private LocalFrames() {
    }

    /**
     * The answer to a heartbeat request: an OK event response with the same id, serialization and body (the
     * serialized null that Dubbo sends as heartbeat data in every serialization).
     *
     * @param request the heartbeat request's header
     * @param body the request's body; only read
     */
    static ByteBuf heartbeatResponse(ByteBufAllocator alloc, FrameHeader request, ByteBuf body) {
        FrameHeader header = FrameHeader.response(request.serializationId(), true, DubboStatus.OK, request.id(),
                body.readableBytes());
        return header.encode(alloc, request.id(), body.retainedDuplicate());
    }

    /**
     * An error response a Dubbo consumer raises as an exception with {@code message}: a non-OK status and the
     * message as a hessian2 string. Consumers raise SERVER_TIMEOUT and CLIENT_TIMEOUT as timeouts and the other
     * statuses as remoting errors.
     *
     * @param id the request id to answer
     * @param status the Dubbo status, not OK
     * @param message the error message
     */
    static ByteBuf errorResponse(ByteBufAllocator alloc, long id, int status, String message) {
        ByteBuf body = hessian2String(alloc, message);
        FrameHeader header = FrameHeader.response(FrameHeader.HESSIAN2, false, status, id, body.readableBytes());
        return header.encode(alloc, id, body);
    }

    /** The one-way event that tells a consumer to send no new requests on this connection (graceful stop). */
    static ByteBuf readOnlyEvent(ByteBufAllocator alloc, long id) {
        ByteBuf body = hessian2String(alloc, READONLY_EVENT);
        FrameHeader header = FrameHeader.request(FrameHeader.FLAG_EVENT | FrameHeader.HESSIAN2, id, body.readableBytes());
        return header.encode(alloc, id, body);
    }

    private static ByteBuf hessian2String(ByteBufAllocator alloc, String text) {
        ByteBuf out = alloc.buffer(text.length() + 8);
        try {
            Hessian2Output hessian = new Hessian2Output(new ByteBufOutputStream(out));
            hessian.writeString(text);
            hessian.flushBuffer();
            return out;
        } catch (IOException | RuntimeException e) {
            out.release();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }
}
