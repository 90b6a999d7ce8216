package org.mosn4j.spi.stream;

/** Why a stream ended before completing. */
public enum StreamResetReason {
    /** The connection closed or failed under the stream. */
    CONNECTION_TERMINATED,
    /** The connection to the upstream could not be established. */
    CONNECTION_FAILED,
    /** This side reset it (timeout, client gone, proxy decision). */
    LOCAL_RESET,
    /** The peer reset it. */
    REMOTE_RESET,
    /** The peer sent something the protocol cannot accept. */
    PROTOCOL_ERROR,
    /** A limit was hit (too many streams, overflow). */
    OVERFLOW,
    /**
     * The peer did not process the stream: HTTP/2 REFUSED_STREAM, or a stream above the last one a GOAWAY
     * covers. Nothing of the request was acted on, so it may be sent again.
     */
    REFUSED_STREAM
}
