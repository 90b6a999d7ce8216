package org.mosn4j.spi.stream;

import io.netty.buffer.ByteBuf;
import java.time.Duration;

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

    /**
     * Sends a copy of a request to a host of another cluster and ignores the answer (a shadow request, as a
     * request mirror makes). It is fire-and-forget: it goes out over that cluster's pooled connections of this
     * event loop, in the upstream protocol this stream's route would use, and neither its progress nor its
     * failure touches this stream, which may end first. The shadow cluster's upstream stats count it; when too
     * many shadow requests are in flight on this event loop it is dropped (counted as a pending overflow).
     *
     * @param clusterName the cluster to send the copy to
     * @param headers the request headers, owned by the shadow request from now on (pass a copy)
     * @param body the whole request body, or null for none; ownership passes to the stream in every case
     * @param timeout how long the shadow request may take before it is abandoned; positive
     * @return whether it was sent or queued for a connection; false when the cluster is unknown, has no host,
     *         or the shadow requests in flight are at their limit
     */
    default boolean sendShadowRequest(String clusterName, HeaderMap headers, ByteBuf body, Duration timeout) {
        if (body != null) {
            body.release();
        }
        return false;
    }
}
