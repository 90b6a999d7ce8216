package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * Requests that ask to switch protocols ({@code Upgrade}, RFC 9110 section 7.8) and the {@code 101} answer.
 * Only a bodiless HTTP/1.1 request that lists {@code upgrade} in its {@code Connection} header qualifies; any
 * other keeps being HTTP/1.1, its upgrade headers dropped as hop-by-hop.
 */
final class UpgradeRequests {

    private UpgradeRequests() {
    }

    /** @return whether the request, by its line and headers alone, may switch protocols */
    static boolean isCandidate(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && !HttpMethod.CONNECT.equals(request.method())
                && headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && !headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                && isZeroOrAbsent(headers.get(HttpHeaderNames.CONTENT_LENGTH));
    }

    private static boolean isZeroOrAbsent(String contentLength) {
        return contentLength == null || contentLength.trim().equals("0");
    }

    /** @return the tokens of the {@code Upgrade} header, in the client's order of preference */
    static List<String> tokens(HttpRequest request) {
        List<String> tokens = new ArrayList<>(2);
        for (String value : request.headers().getAll(HttpHeaderNames.UPGRADE)) {
            for (String token : value.split(",")) {
                String trimmed = token.trim();
                if (!trimmed.isEmpty()) {
                    tokens.add(trimmed);
                }
            }
        }
        return tokens;
    }

    /**
     * @param request a candidate request, left unchanged
     * @param client the downstream peer
     * @return the headers its stream would get, plus the hop-by-hop ones an upgrade needs: {@code Upgrade} and
     *         the headers {@code Connection} names (such as {@code HTTP2-Settings})
     */
    static HeaderMap upgradeView(HttpRequest request, InetSocketAddress client) {
        HttpHeaders original = request.headers();
        HeaderMap stream = ServerRequestHeaders.toHeaderMap(
                new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(), original.copy()),
                client);
        for (Map.Entry<String, String> header : original) {
            String name = header.getKey();
            if (HttpHeaderNames.UPGRADE.contentEqualsIgnoreCase(name) || isNamedByConnection(original, name)) {
                stream.add(name.toLowerCase(Locale.ROOT), header.getValue());
            }
        }
        return stream;
    }

    private static boolean isNamedByConnection(HttpHeaders headers, String name) {
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String trimmed = token.trim();
                if (trimmed.equalsIgnoreCase(name) && !trimmed.equalsIgnoreCase("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return {@code HTTP/1.1 101 Switching Protocols} to {@code token} */
    static ByteBuf switchingProtocols(ByteBufAllocator alloc, String token) {
        return ByteBufUtil.writeAscii(alloc,
                "HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: " + token + "\r\n\r\n");
    }
}
