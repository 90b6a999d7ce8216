package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Netty's request decoder with the server's limits (header lines counted too), strict CRLF line endings, RFC 9112's rules for
 * {@code Transfer-Encoding} (chunked last, HTTP/1.1 only), and no tolerance for the ambiguous framing request
 * smuggling uses, since the server behind the proxy may read it differently: a request carrying both
 * {@code Transfer-Encoding} and {@code Content-Length} (Netty would drop the length and go on), or several
 * {@code Content-Length} lines (Netty would keep the first in an HTTP/1.0 request), or a header line folded onto
 * the one before it (obs-fold, RFC 9112 section 5.2; Netty would join them). Netty itself refuses a
 * {@code Content-Length} that is not a plain decimal number.
 */
final class ServerRequestDecoder extends HttpRequestDecoder {

    /** The largest body slice handed on at once; bigger reads are split. */
    static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final int maxHeaderCount;

    ServerRequestDecoder(Http1Limits limits) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineLength())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true));
        maxHeaderCount = limits.maxHeaderCount();
    }

    private int contentLengthLines;
    /** Header lines of the request being decoded (its trailers count on). */
    private int headerLines;
    /** The buffer {@link #decode} is working on, for {@link #createMessage}. */
    private ByteBuf decoding;
    /** A request line was read and its header section was not yet decoded whole. */
    private boolean readingHeaders;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (readingHeaders) {
            refuseFoldedLines(buffer);
        }
        int produced = out.size();
        decoding = buffer;
        try {
            super.decode(ctx, buffer, out);
        } finally {
            decoding = null;
        }
        for (int i = produced; i < out.size() && readingHeaders; i++) {
            readingHeaders = !(out.get(i) instanceof HttpMessage);
        }
    }

    /**
     * @return whether part of a request's head (request line and headers) has been read and its end not yet: the
     *         request line is decoded, or bytes wait for the rest of their line; not meaningful inside a body
     */
    boolean inRequestHead() {
        return readingHeaders || internalBuffer().isReadable();
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        contentLengthLines = 0;
        headerLines = 0;
        readingHeaders = true;
        if (decoding != null) {
            refuseFoldedLines(decoding);
        }
        return super.createMessage(initialLine);
    }

    /**
     * Looks at the header lines not yet decoded (the buffer's reader index is at the start of a line while headers
     * are read) up to the empty line that ends them.
     *
     * @throws IllegalArgumentException when one starts with a space or tab: a folded line
     */
    private static void refuseFoldedLines(ByteBuf buffer) {
        boolean lineStart = true;
        for (int i = buffer.readerIndex(), end = buffer.writerIndex(); i < end; i++) {
            byte b = buffer.getByte(i);
            if (lineStart) {
                if (b == ' ' || b == '\t') {
                    throw new IllegalArgumentException("a folded header line (obs-fold)");
                }
                if (b == '\r' || b == '\n') {
                    return;
                }
            }
            lineStart = b == '\n';
        }
    }

    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        if (++headerLines > maxHeaderCount) {
            throw new TooLongHttpHeaderException("more than " + maxHeaderCount + " header lines");
        }
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
