package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.mosn4j.spi.protocol.MatchResult;

/** Recognises the HTTP/2 client connection preface (RFC 9113, section 3.4) for {@code Auto} detection. */
final class ConnectionPreface {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private ConnectionPreface() {
    }

    /**
     * @param prefix the first bytes of a connection; not consumed
     * @return {@code MATCH} when they start with the preface, {@code NEED_MORE_DATA} while they are a proper
     *         prefix of it, {@code NO_MATCH} otherwise
     */
    static MatchResult match(ByteBuf prefix) {
        int readable = prefix.readableBytes();
        int n = Math.min(readable, PREFACE.length);
        int start = prefix.readerIndex();
        for (int i = 0; i < n; i++) {
            if (prefix.getByte(start + i) != PREFACE[i]) {
                return MatchResult.NO_MATCH;
            }
        }
        return readable >= PREFACE.length ? MatchResult.MATCH : MatchResult.NEED_MORE_DATA;
    }
}
