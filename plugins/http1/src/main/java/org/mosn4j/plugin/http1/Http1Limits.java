package org.mosn4j.plugin.http1;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for parsing HTTP/1 messages. A request over a limit is answered with its status ({@code 414} for the
 * request line, {@code 431} for the headers, {@code 408} for headers too slow to arrive) and the connection is
 * closed; a response over a size limit resets its stream.
 *
 * @param maxRequestLineLength the longest request (or status) line, in bytes, without its CRLF
 * @param maxHeaderSize the largest header block, in bytes: all header lines together, without their CRLFs
 * @param maxHeaderCount the most header lines of one request (server side only)
 * @param requestHeaderTimeout how long a request may take from its first byte to the end of its headers (server
 *                             side only; a defence against slowloris clients); zero for no limit
 */
public record Http1Limits(int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount,
        Duration requestHeaderTimeout) {

    /** Default longest request line: 8 KiB. */
    public static final int DEFAULT_MAX_REQUEST_LINE_LENGTH = 8 * 1024;
    /** Default largest header block: 64 KiB. */
    public static final int DEFAULT_MAX_HEADER_SIZE = 64 * 1024;
    /** Default most header lines of a request: 100. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    /** Default time from a request's first byte to the end of its headers: 30 seconds. */
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(30);
    /** The defaults. */
    public static final Http1Limits DEFAULT = new Http1Limits(DEFAULT_MAX_REQUEST_LINE_LENGTH, DEFAULT_MAX_HEADER_SIZE);

    /** @throws IllegalArgumentException if a limit is not positive, or the timeout is negative */
    public Http1Limits {
        if (maxRequestLineLength <= 0) {
            throw new IllegalArgumentException("maxRequestLineLength must be positive, got " + maxRequestLineLength);
        }
        if (maxHeaderSize <= 0) {
            throw new IllegalArgumentException("maxHeaderSize must be positive, got " + maxHeaderSize);
        }
        if (maxHeaderCount <= 0) {
            throw new IllegalArgumentException("maxHeaderCount must be positive, got " + maxHeaderCount);
        }
        Objects.requireNonNull(requestHeaderTimeout, "requestHeaderTimeout");
        if (requestHeaderTimeout.isNegative()) {
            throw new IllegalArgumentException("requestHeaderTimeout must not be negative, got " + requestHeaderTimeout);
        }
    }

    /** Size limits with the default header count and header timeout. */
    public Http1Limits(int maxRequestLineLength, int maxHeaderSize) {
        this(maxRequestLineLength, maxHeaderSize, DEFAULT_MAX_HEADER_COUNT, DEFAULT_REQUEST_HEADER_TIMEOUT);
    }
}
