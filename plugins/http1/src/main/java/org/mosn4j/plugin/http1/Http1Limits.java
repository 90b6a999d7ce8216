package org.mosn4j.plugin.http1;

/**
 * Size limits for parsing HTTP/1 messages. A request over a limit is answered with its status ({@code 414}
 * for the request line, {@code 431} for the headers) and the connection is closed; a response over a limit
 * resets its stream.
 *
 * @param maxRequestLineLength the longest request (or status) line, in bytes, without its CRLF
 * @param maxHeaderSize the largest header block, in bytes: all header lines together, without their CRLFs
 */
public record Http1Limits(int maxRequestLineLength, int maxHeaderSize) {

    /** Default longest request line: 8 KiB. */
    public static final int DEFAULT_MAX_REQUEST_LINE_LENGTH = 8 * 1024;
    /** Default largest header block: 64 KiB. */
    public static final int DEFAULT_MAX_HEADER_SIZE = 64 * 1024;
    /** The defaults. */
    public static final Http1Limits DEFAULT = new Http1Limits(DEFAULT_MAX_REQUEST_LINE_LENGTH, DEFAULT_MAX_HEADER_SIZE);

    /** @throws IllegalArgumentException if a limit is not positive */
    public Http1Limits {
        if (maxRequestLineLength <= 0) {
            throw new IllegalArgumentException("maxRequestLineLength must be positive, got " + maxRequestLineLength);
        }
        if (maxHeaderSize <= 0) {
            throw new IllegalArgumentException("maxHeaderSize must be positive, got " + maxHeaderSize);
        }
    }
}
