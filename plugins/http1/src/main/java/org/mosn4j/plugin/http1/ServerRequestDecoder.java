package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.AsciiString;

/**
 * Netty's request decoder with the server's limits, strict CRLF line endings, RFC 9112's rules for
 * {@code Transfer-Encoding} (chunked last, HTTP/1.1 only), and no tolerance for the ambiguous framing request
 * smuggling uses, since the server behind the proxy may read it differently: a request carrying both
 * {@code Transfer-Encoding} and {@code Content-Length} (Netty would drop the length and go on), or several
 * {@code Content-Length} lines (Netty would keep the first in an HTTP/1.0 request). Netty itself refuses a
 * {@code Content-Length} that is not a plain decimal number.
 */
final class ServerRequestDecoder extends HttpRequestDecoder {

    /** The largest body slice handed on at once; bigger reads are split. */
    static final int MAX_CHUNK_SIZE = 64 * 1024;

    ServerRequestDecoder(Http1Limits limits) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineLength())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true));
    }

    private int contentLengthLines;

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        contentLengthLines = 0;
        return super.createMessage(initialLine);
    }

    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        AsciiString name = super.splitHeaderName(sb, start, length);
        if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name) && ++contentLengthLines > 1) {
            throw new IllegalArgumentException("several Content-Length headers");
        }
        return name;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
    }
}
