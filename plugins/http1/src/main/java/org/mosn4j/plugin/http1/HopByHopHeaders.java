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

    /** @return whether {@code name} is one of the hop-by-hop headers always removed (not {@code TE}) */
    static boolean isAlwaysRemoved(String name) {
        int length = name.length();
        if (length != 7 && length != 10 && length != 14 && (length < 16 || length > 19)) {
            return false;
        }
        for (AsciiString always : ALWAYS) {
            if (always.length() == length && always.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param connection a {@code Connection} header's value (comma-separated tokens)
     * @return whether it names the header {@code name} for removal ({@code close} and {@code keep-alive} name none)
     */
    static boolean isNamedBy(String connection, String name) {
        return !name.equalsIgnoreCase("close") && !name.equalsIgnoreCase("keep-alive") && listsToken(connection, name);
    }

    /** @return whether the comma-separated {@code list} holds {@code token}, ignoring case and optional whitespace */
    static boolean listsToken(String list, String token) {
        return anyElement(list, (value, from, to) -> isToken(value, from, to, token));
    }

    /** Removes the headers a {@code Connection} value names, without splitting it into new strings. */
    private static void removeNamed(HttpHeaders headers, String value) {
        anyElement(value, (list, from, to) -> {
            // close and keep-alive name no header beyond the ones always removed.
            if (to > from && !isToken(list, from, to, "close") && !isToken(list, from, to, "keep-alive")) {
                headers.remove(list.substring(from, to));
            }
            return false;
        });
    }

    /** One element of a comma-separated list: {@code list}'s characters from {@code from} to {@code to}. */
    private interface ElementTest {
        boolean test(String list, int from, int to);
    }

    /**
     * Walks a comma-separated list's elements, trimmed of spaces and tabs, until {@code test} is true for one.
     *
     * @return whether it was
     */
    private static boolean anyElement(String list, ElementTest test) {
        int start = 0;
        while (start < list.length()) {
            int end = list.indexOf(',', start);
            if (end < 0) {
                end = list.length();
            }
            int from = start;
            int to = end;
            while (from < to && (list.charAt(from) == ' ' || list.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (list.charAt(to - 1) == ' ' || list.charAt(to - 1) == '\t')) {
                to--;
            }
            if (test.test(list, from, to)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isToken(String value, int from, int to, String token) {
        return to - from == token.length() && value.regionMatches(true, from, token, 0, token.length());
    }
}
