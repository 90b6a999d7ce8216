package org.mosn4j.plugin.http2;

/**
 * The limits an HTTP/2 connection advertises and enforces, both as a server and as a client.
 *
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS this side advertises; a peer opening more gets
 *                             REFUSED_STREAM. As a client, also the most streams started on one connection
 *                             when the server allows more
 * @param initialWindowSize SETTINGS_INITIAL_WINDOW_SIZE: how many bytes of one stream's DATA the peer may send
 *                          before this side takes them
 */
public record Http2Limits(int maxConcurrentStreams, int initialWindowSize) {

    /** 100 concurrent streams and a 65535-byte stream window (the protocol's default). */
    public static final Http2Limits DEFAULT = new Http2Limits(100, 65_535);

    /**
     * RST_STREAM frames a peer may send within {@link #RST_WINDOW_SECONDS} before the connection is closed
     * with ENHANCE_YOUR_CALM ("rapid reset", CVE-2023-44487).
     */
    static final int MAX_RST_FRAMES_PER_WINDOW = 200;
    /** The window for {@link #MAX_RST_FRAMES_PER_WINDOW}. */
    static final int RST_WINDOW_SECONDS = 30;
    /**
     * The connection-level receive window. Larger than one stream's so that a stream whose reader is paused
     * does not stall the others; at most this much is held per connection.
     */
    static final int MIN_CONNECTION_WINDOW = 1024 * 1024;
    /**
     * SETTINGS_MAX_HEADER_LIST_SIZE: the most bytes of decoded header fields one HEADERS block may carry, the
     * same 64 KiB the {@code Http1} protocol allows. A request past it is answered 431 and its stream reset;
     * a block past a quarter more than this (however many CONTINUATION frames carry it) is a connection error.
     */
    static final int MAX_HEADER_LIST_SIZE = 64 * 1024;
    /**
     * Control frames (PING and SETTINGS acks, RST_STREAM) that may wait while the connection is above its write
     * high watermark; a peer that makes more (a PING or SETTINGS flood without reading the answers) gets GOAWAY
     * ENHANCE_YOUR_CALM and the connection is closed.
     */
    static final int MAX_QUEUED_CONTROL_FRAMES = 1000;
    /** DATA frames without payload or END_STREAM a peer may send in a row before GOAWAY ENHANCE_YOUR_CALM. */
    static final int MAX_CONSECUTIVE_EMPTY_DATA_FRAMES = 2;

    public Http2Limits {
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1, not " + maxConcurrentStreams);
        }
        if (initialWindowSize < 1) {
            throw new IllegalArgumentException("initialWindowSize must be at least 1, not " + initialWindowSize);
        }
    }

    /** @return the connection-level receive window for these limits */
    int connectionWindowSize() {
        return Math.max(initialWindowSize, MIN_CONNECTION_WINDOW);
    }
}
