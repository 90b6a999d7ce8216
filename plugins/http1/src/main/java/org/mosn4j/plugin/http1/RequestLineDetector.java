package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.mosn4j.spi.protocol.MatchResult;

/**
 * Tells whether a connection's first bytes start an HTTP/1 request: a known method token and a space. The
 * HTTP/2 preface ({@code PRI * HTTP/2.0}) is not one, so {@code Auto} detection hands it to {@code Http2}.
 */
final class RequestLineDetector {

    private static final byte[][] METHODS = {
        prefix("GET"), prefix("POST"), prefix("PUT"), prefix("DELETE"), prefix("HEAD"), prefix("OPTIONS"),
        prefix("PATCH"), prefix("TRACE"), prefix("CONNECT"),
    };

    private RequestLineDetector() {
    }

    /**
     * @param bytes the first bytes read; neither consumed nor released
     * @return {@code MATCH} for a method and a space, {@code NEED_MORE_DATA} for a proper prefix of one,
     *         else {@code NO_MATCH}
     */
    static MatchResult match(ByteBuf bytes) {
        int start = bytes.readerIndex();
        int readable = bytes.readableBytes();
        boolean partial = false;
        for (byte[] method : METHODS) {
            int n = Math.min(readable, method.length);
            int i = 0;
            while (i < n && bytes.getByte(start + i) == method[i]) {
                i++;
            }
            if (i == method.length) {
                return MatchResult.MATCH;
            }
            if (i == readable) {
                partial = true;
            }
        }
        return partial ? MatchResult.NEED_MORE_DATA : MatchResult.NO_MATCH;
    }

    private static byte[] prefix(String method) {
        return (method + ' ').getBytes(StandardCharsets.US_ASCII);
    }
}
