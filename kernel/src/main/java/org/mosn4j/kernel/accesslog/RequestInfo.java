package org.mosn4j.kernel.accesslog;

/**
 * What one finished request looked like, as the access log sees it. The proxy's stream implements it; the
 * access log reads it on the event loop while it builds the line, so an implementation needs no locking.
 *
 * <p>Durations are nanoseconds measured from {@link #startTimeMillis()}; strings are empty rather than null
 * when a value is unknown, except for the header lookups.
 */
public interface RequestInfo {

    /** @return epoch milliseconds when the request's first byte arrived */
    long startTimeMillis();

    /** @return nanoseconds from the start until the request was fully received, or -1 when it never was */
    long requestReceivedNanos();

    /** @return nanoseconds from the start until the response's first byte came from upstream, or -1 */
    long responseReceivedNanos();

    /** @return nanoseconds from the start to the end of the stream */
    long durationNanos();

    /** @return response body bytes sent downstream */
    long bytesSent();

    /** @return request body bytes received */
    long bytesReceived();

    /** @return the downstream protocol name, for example {@code "Http1"} */
    String protocol();

    /** @return the response status code, or 0 when there was no response */
    int responseCode();

    /**
     * @return MOSN's response flag name when the proxy answered with an error itself ({@code "NoRoute"},
     *     {@code "NoHealthyUpstream"}, {@code "UpstreamConnectionFailure"}, {@code "UpstreamRequestTimeout"},
     *     {@code "UpstreamOverflow"}, {@code "UpstreamRemoteReset"}, {@code "DownstreamTerminate"}, ...), or
     *     empty
     */
    String responseFlag();

    /** @return the chosen upstream host as {@code ip:port}, or empty */
    String upstreamHost();

    /** @return the local address of the upstream connection, or empty */
    String upstreamLocalAddress();

    /** @return the local address the downstream connection was accepted on, or empty */
    String downstreamLocalAddress();

    /** @return the downstream peer as {@code ip:port} */
    String downstreamRemoteAddress();

    /**
     * @param name a header name in any case; pseudo headers such as {@code ":path"} work too
     * @return the request header's value, or null when absent
     */
    String requestHeader(String name);

    /**
     * @param name a header name in any case
     * @return the response header's value, or null when absent or when there was no response
     */
    String responseHeader(String name);

    /** @return the request's trace id when tracing is on and the request went upstream, else empty */
    default String traceId() {
        return "";
    }
}
