package org.mosn4j.plugin.filters.common;

import io.netty.buffer.ByteBufUtil;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;

/** Direct replies with a short text body, which HTTP clients read and Dubbo consumers get as the error message. */
public final class Replies {

    private Replies() {
    }

    /**
     * Answers the request; the caller then returns {@code STOP}.
     *
     * @param handler the stream's handler
     * @param status the status (other protocols map it to their own error reply)
     * @param message one line, without the newline
     */
    public static void text(StreamReceiverFilterHandler handler, int status, String message) {
        HeaderMap headers = new DefaultHeaderMap(2);
        headers.set("content-type", "text/plain; charset=utf-8");
        handler.sendDirectResponse(status, headers, ByteBufUtil.writeUtf8(handler.connection().alloc(), message + "\n"));
    }
}
