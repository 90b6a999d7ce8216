package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

/** Copies headers between Netty's {@link HttpHeaders} and the protocol-neutral {@link HeaderMap}. */
final class Http1Headers {

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

    /** @return the header's value as a non-negative length, or -1 when absent or not a plain decimal number */
    static long contentLength(HttpHeaders headers) {
        return parseContentLength(headers.get(HttpHeaderNames.CONTENT_LENGTH));
    }

    /** @return {@code value} as a non-negative length, or -1 when null or not a plain decimal number */
    static long parseContentLength(String value) {
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
