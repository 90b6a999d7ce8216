package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;

/**
 * Turns a downstream request's line and headers into the stream's {@link HeaderMap}: {@code :method},
 * {@code :path} (path and query), {@code :authority} (from {@code Host}, or from an absolute-form target),
 * {@code :scheme} {@code http}; hop-by-hop headers removed; the client's address appended to
 * {@code X-Forwarded-For}; {@code X-Forwarded-Proto: http} added when absent.
 */
final class ServerRequestHeaders {

    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final String SCHEME = "http";

    private ServerRequestHeaders() {
    }

    /**
     * @param request a request Netty decoded and {@link RequestChecks} accepted; its headers are changed
     * @param client the downstream peer, or null if unknown
     * @return the stream's request headers
     */
    static HeaderMap toHeaderMap(HttpRequest request, InetSocketAddress client) {
        HttpHeaders headers = request.headers();
        String target = request.uri();
        String authority = headers.get(HttpHeaderNames.HOST);
        String path = target;
        if (HttpMethod.CONNECT.equals(request.method())) {
            authority = target;
            path = null;
        } else if (isAbsoluteForm(target)) {
            int hostStart = target.indexOf("//") + 2;
            int pathStart = hostStart;
            while (pathStart < target.length() && target.charAt(pathStart) != '/' && target.charAt(pathStart) != '?') {
                pathStart++;
            }
            authority = target.substring(hostStart, pathStart);
            path = pathStart == target.length() ? "/"
                    : target.charAt(pathStart) == '?' ? "/" + target.substring(pathStart) : target.substring(pathStart);
        }
        headers.remove(HttpHeaderNames.HOST);
        HopByHopHeaders.strip(headers);
        appendForwardedFor(headers, client);
        if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.add(X_FORWARDED_PROTO, SCHEME);
        }
        DefaultHeaderMap map = new DefaultHeaderMap(headers.size() + 4);
        map.add(HeaderNames.METHOD, request.method().name());
        map.add(HeaderNames.SCHEME, SCHEME);
        if (path != null) {
            map.add(HeaderNames.PATH, path);
        }
        if (authority != null) {
            map.add(HeaderNames.AUTHORITY, authority);
        }
        Http1Headers.addAll(headers, map);
        return map;
    }

    private static boolean isAbsoluteForm(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    private static void appendForwardedFor(HttpHeaders headers, InetSocketAddress client) {
        if (client == null) {
            return;
        }
        InetAddress address = client.getAddress();
        String ip = address != null ? address.getHostAddress() : client.getHostString();
        List<String> existing = headers.getAll(X_FORWARDED_FOR);
        if (existing.isEmpty()) {
            headers.add(X_FORWARDED_FOR, ip);
        } else {
            headers.set(X_FORWARDED_FOR, String.join(", ", existing) + ", " + ip);
        }
    }
}
