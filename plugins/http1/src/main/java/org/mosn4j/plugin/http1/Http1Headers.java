package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import java.util.Iterator;
import java.util.Map;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

/** Copies headers between Netty's {@link HttpHeaders} and the protocol-neutral {@link HeaderMap}. */
final class Http1Headers {

    /** Headers of outgoing messages: names and values are validated, so no CR or LF reaches the wire. */
    static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory();
    /** Trailers of outgoing messages, validated likewise. */
    static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory();

    private Http1Headers() {
    }

    /** @return a new map with the same names and values as {@code headers}, in order */
    static HeaderMap toHeaderMap(HttpHeaders headers) {
        DefaultHeaderMap map = new DefaultHeaderMap(headers.size());
        addAll(headers, map);
        return map;
    }

    /** Adds every header of {@code from} to {@code to}, in order. */
    static void addAll(HttpHeaders from, HeaderMap to) {
        Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            to.add(header.getKey().toString(), header.getValue().toString());
        }
    }

    /**
     * Adds a map's regular headers (not its pseudo headers, nor {@code skip}) to Netty headers.
     *
     * @param skip a header name to leave out (matched ignoring case), or null
     * @throws IllegalArgumentException if a name or value is not valid on the wire
     */
    static void copyRegular(HeaderMap from, HttpHeaders to, String skip) {
        from.forEach((name, value) -> {
            if (!name.startsWith(":") && (skip == null || !skip.equalsIgnoreCase(name))) {
                to.add(name, value);
            }
        });
    }

    /**
     * Adds a map's headers to trailers, leaving out pseudo headers and the framing headers trailers must not
     * carry ({@code Content-Length}, {@code Transfer-Encoding}, {@code Trailer}).
     *
     * @throws IllegalArgumentException if a name or value is not valid on the wire
     */
    static void copyTrailers(HeaderMap from, HttpHeaders to) {
        from.forEach((name, value) -> {
            if (!name.startsWith(":")
                    && !HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                    && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                    && !HttpHeaderNames.TRAILER.contentEqualsIgnoreCase(name)) {
                to.add(name, value);
            }
        });
    }

    /** @return the header's value as a non-negative length, or -1 when absent or not a plain decimal number */
    static long contentLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null || value.isEmpty() || value.length() > 18) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }
}
