package org.mosn4j.spi.protocol;

/**
 * What a protocol refused on its own, before (or instead of) handing a request to the proxy: a request it
 * answered itself with an error status, a stream it refused, a connection it closed for abuse. Reported through
 * {@link ServerStreamListener#onRejected} so that the listener's stats count it.
 */
public enum ProtocolRejection {

    /** A malformed or ambiguous request, answered {@code 400}. */
    BAD_REQUEST(400),
    /** A request line over the protocol's limit, answered {@code 414}. */
    URI_TOO_LONG(414),
    /** An {@code Expect} other than {@code 100-continue}, answered {@code 417}. */
    EXPECTATION_FAILED(417),
    /** Request headers over the protocol's size or count limit, answered {@code 431}. */
    HEADERS_TOO_LARGE(431),
    /** A transfer coding the proxy does not implement, answered {@code 501}. */
    NOT_IMPLEMENTED(501),
    /** A protocol version the proxy does not speak, answered {@code 505}. */
    VERSION_NOT_SUPPORTED(505),
    /** A stream beyond the connection's concurrent stream limit, refused unprocessed (HTTP/2 REFUSED_STREAM). */
    STREAM_REFUSED(0),
    /**
     * A connection closed because the peer flooded it with frames that cost the proxy work without carrying a
     * request (HTTP/2 rapid reset, control frames whose answers are not read, empty DATA frames).
     */
    FLOOD(0),
    /** A connection closed because a frame was larger than the protocol's frame size limit. */
    FRAME_TOO_LARGE(0);

    private final int status;

    ProtocolRejection(int status) {
        this.status = status;
    }

    /** @return the status the protocol answered with, or 0 when it answered with no status */
    public int status() {
        return status;
    }

    /**
     * @param status an error status a protocol answers a request with
     * @return the rejection answered with {@code status}, or null when none is
     */
    public static ProtocolRejection ofStatus(int status) {
        for (ProtocolRejection rejection : values()) {
            if (rejection.status == status && status != 0) {
                return rejection;
            }
        }
        return null;
    }
}
