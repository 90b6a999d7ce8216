package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Removes the headers that describe one hop rather than the message (RFC 9110, section 7.6.1), before a
 * message is passed to the other side: {@code Connection} and the headers it names, {@code Keep-Alive},
 * {@code Proxy-Connection}, {@code Transfer-Encoding}, {@code TE} (except its {@code trailers} value),
 * {@code Trailer}, {@code Upgrade}, {@code HTTP2-Settings} (which only an {@code Upgrade: h2c} request carries,
 * RFC 7540, section 3.2.1), {@code Proxy-Authenticate} and {@code Proxy-Authorization}.
 */
final class HopByHopHeaders {

    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString HTTP2_SETTINGS = AsciiString.cached("http2-settings");
    private static final AsciiString[] ALWAYS = {
        HttpHeaderNames.CONNECTION, KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TRANSFER_ENCODING,
        HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, HTTP2_SETTINGS, HttpHeaderNames.PROXY_AUTHENTICATE,
        HttpHeaderNames.PROXY_AUTHORIZATION,
    };

    private HopByHopHeaders() {
    }

    /** @param headers a message's headers, changed in place */
    static void strip(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
            for (int i = 0; i < connection.size(); i++) {
                removeNamed(headers, connection.get(i));
            }
        }
        for (AsciiString name : ALWAYS) {
            headers.remove(name);
        }
        if (headers.contains(HttpHeaderNames.TE)) {
            if (headers.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true)) {
                headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
            } else {
                headers.remove(HttpHeaderNames.TE);
            }
        }
    }

    /** Removes the headers a {@code Connection} value names, without splitting it into new strings. */
    private static void removeNamed(HttpHeaders headers, String value) {
        int start = 0;
        while (start < value.length()) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = value.length();
            }
            int from = start;
            int to = end;
            while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
                to--;
            }
            // close and keep-alive name no header beyond the ones always removed.
            if (to > from && !isToken(value, from, to, "close") && !isToken(value, from, to, "keep-alive")) {
                headers.remove(value.substring(from, to));
            }
            start = end + 1;
        }
    }

    private static boolean isToken(String value, int from, int to, String token) {
        return to - from == token.length() && value.regionMatches(true, from, token, 0, token.length());
    }
}
