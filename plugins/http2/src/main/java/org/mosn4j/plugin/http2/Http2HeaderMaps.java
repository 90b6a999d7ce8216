package org.mosn4j.plugin.http2;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;

/**
 * Copies headers between Netty's {@link Http2Headers} and the protocol-neutral {@link HeaderMap}. HTTP/2's
 * pseudo headers keep their names ({@code :method}, {@code :path}, {@code :authority}, {@code :scheme},
 * {@code :status}); regular names go out in lower case, and the connection-specific headers HTTP/2 forbids
 * (RFC 9113, section 8.2.2) are left out, so a message from an HTTP/1 peer can be sent as it is.
 */
final class Http2HeaderMaps {

    private static final Set<String> CONNECTION_SPECIFIC = Set.of(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "http2-settings");
    private static final String TE = "te";
    private static final String HOST = "host";
    private static final String COOKIE = "cookie";
    private static final String X_FORWARDED_FOR = "x-forwarded-for";
    private static final String X_FORWARDED_PROTO = "x-forwarded-proto";

    private Http2HeaderMaps() {
    }

    /**
     * A request as the server side decoded it: its pseudo and regular headers, the {@code cookie} crumbs joined
     * into one header (RFC 9113, section 8.2.3), the client's address appended to {@code x-forwarded-for} and
     * {@code x-forwarded-proto: http} added when absent, as the Http1 protocol does.
     *
     * @param client the downstream peer, or null if unknown
     */
    static HeaderMap toRequestMap(Http2Headers headers, InetSocketAddress client) {
        HeaderMap map = toHeaderMap(headers);
        List<String> cookies = map.getAll(COOKIE);
        if (cookies.size() > 1) {
            map.set(COOKIE, String.join("; ", cookies));
        }
        if (client != null) {
            InetAddress address = client.getAddress();
            String ip = address != null ? address.getHostAddress() : client.getHostString();
            List<String> forwarded = map.getAll(X_FORWARDED_FOR);
            map.set(X_FORWARDED_FOR, forwarded.isEmpty() ? ip : String.join(", ", forwarded) + ", " + ip);
        }
        if (!map.contains(X_FORWARDED_PROTO)) {
            map.add(X_FORWARDED_PROTO, "http");
        }
        return map;
    }

    /** @return a new map with the same names and values as {@code headers}, pseudo headers first */
    static HeaderMap toHeaderMap(Http2Headers headers) {
        DefaultHeaderMap map = new DefaultHeaderMap(headers.size() + 2);
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            map.add(header.getKey().toString(), header.getValue().toString());
        }
        return map;
    }

    /**
     * @param map request headers with at least {@code :method} (and {@code :path} unless CONNECT);
     *            {@code :authority} falls back to {@code host}, {@code :scheme} to {@code http}
     * @throws IllegalArgumentException if a pseudo header is missing or a header is not valid in HTTP/2
     */
    static Http2Headers toRequestHeaders(HeaderMap map) {
        String method = map.get(HeaderNames.METHOD);
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("no :method");
        }
        String authority = map.get(HeaderNames.AUTHORITY);
        if (authority == null) {
            authority = map.get(HOST);
        }
        String path = map.get(HeaderNames.PATH);
        boolean connect = "CONNECT".equals(method);
        if (!connect && (path == null || path.isEmpty())) {
            path = "OPTIONS".equals(method) ? "*" : "/";
        }
        Http2Headers out = newHeaders();
        out.method(method);
        if (!connect) {
            String scheme = map.get(HeaderNames.SCHEME);
            out.scheme(scheme == null || scheme.isEmpty() ? "http" : scheme);
            out.path(path);
        }
        if (authority != null) {
            out.authority(authority);
        }
        copyRegular(map, out, true);
        return out;
    }

    /**
     * @param map response headers with {@code :status}
     * @throws IllegalArgumentException if {@code :status} is missing or a header is not valid in HTTP/2
     */
    static Http2Headers toResponseHeaders(HeaderMap map, int status) {
        Http2Headers out = newHeaders();
        out.status(Integer.toString(status));
        copyRegular(map, out, false);
        return out;
    }

    /** @throws IllegalArgumentException if a header is not valid in HTTP/2 */
    static Http2Headers toTrailers(HeaderMap map) {
        Http2Headers out = newHeaders();
        copyRegular(map, out, false);
        return out;
    }

    /** @return the {@code :status} as a number from 100 to 999, or -1 when absent or malformed */
    static int status(HeaderMap headers) {
        String value = headers.get(HeaderNames.STATUS);
        if (value == null || value.length() != 3) {
            return -1;
        }
        int status = 0;
        for (int i = 0; i < 3; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            status = status * 10 + (c - '0');
        }
        return status >= 100 ? status : -1;
    }

    private static Http2Headers newHeaders() {
        return new DefaultHttp2Headers(true, true, 16);
    }

    private static void copyRegular(HeaderMap from, Http2Headers to, boolean request) {
        Set<String> named = connectionNamed(from);
        from.forEach((name, value) -> {
            if (name.startsWith(":")) {
                return;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (CONNECTION_SPECIFIC.contains(lower) || named.contains(lower) || request && HOST.equals(lower)) {
                return;
            }
            if (TE.equals(lower)) {
                if (value.toLowerCase(Locale.ROOT).contains("trailers")) {
                    to.add(TE, "trailers");
                }
                return;
            }
            try {
                to.add(lower, value);
            } catch (Exception e) {
                // Netty reports an invalid name or value as an Http2Exception thrown unchecked.
                throw new IllegalArgumentException("header " + name + ": " + e.getMessage(), e);
            }
        });
    }

    /** @return the lower-case header names listed in {@code Connection}, which are hop-by-hop too */
    private static Set<String> connectionNamed(HeaderMap map) {
        List<String> values = map.getAll("connection");
        if (values.isEmpty()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String value : values) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
