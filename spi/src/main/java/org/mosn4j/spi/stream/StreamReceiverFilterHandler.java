package org.mosn4j.spi.stream;

import io.netty.buffer.ByteBuf;

/** A request filter's handle: besides {@link StreamFilterHandler}, it can answer without the upstream. */
public interface StreamReceiverFilterHandler extends StreamFilterHandler {

    /**
     * Answers the request here; no upstream request is made (or the one under way is cancelled). The
     * filter should then return {@link StreamFilterStatus#STOP}.
     *
     * @param status the status code (HTTP status; other protocols map it)
     * @param headers response headers, or null
     * @param body response body, or null; ownership passes to the stream
     */
    void sendDirectResponse(int status, HeaderMap headers, ByteBuf body);

    /**
     * Answers with an error status in the protocol's own way, as MOSN's hijack reply does (HTTP: the
     * status with an empty body; Dubbo: an error response).
     *
     * @param status the status code
     * @param headers extra response headers, or null
     */
    void sendHijackReply(int status, HeaderMap headers);
}
