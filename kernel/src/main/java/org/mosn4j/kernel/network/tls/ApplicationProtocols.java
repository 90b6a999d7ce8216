package org.mosn4j.kernel.network.tls;

import java.util.List;

/**
 * ALPN protocol ids and the protocol types of mosn4j's plugins they stand for: {@code h2} is {@code Http2},
 * {@code http/1.1} is {@code Http1}.
 */
public final class ApplicationProtocols {

    /** HTTP/2 over TLS. */
    public static final String H2 = "h2";
    /** HTTP/1.1. */
    public static final String HTTP_1_1 = "http/1.1";

    private ApplicationProtocols() {
    }

    /**
     * @param alpnId a negotiated ALPN id, or null
     * @return the protocol type it stands for ({@code Http2}, {@code Http1}), or null
     */
    public static String protocolType(String alpnId) {
        if (H2.equals(alpnId)) {
            return "Http2";
        }
        if (HTTP_1_1.equals(alpnId)) {
            return "Http1";
        }
        return null;
    }

    /**
     * @param protocolType a protocol type such as {@code Http2}, or null
     * @return the ALPN ids a client speaking it offers; empty for protocols without one
     */
    static List<String> offeredFor(String protocolType) {
        if ("Http2".equalsIgnoreCase(protocolType)) {
            return List.of(H2);
        }
        if ("Http1".equalsIgnoreCase(protocolType)) {
            return List.of(HTTP_1_1);
        }
        return List.of();
    }
}
