package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;

/**
 * One request-response exchange on an upstream connection; as a {@link StreamEncoder} it sends the request as
 * HTTP/1.1: the request line from {@code :method} and {@code :path}, {@code Host} from {@code :authority},
 * hop-by-hop headers removed, the body framed by its {@code Content-Length} or else chunked.
 */
final class Http1ClientStream implements StreamEncoder {

    private static final byte[] VERSION_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "transfer-encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH_ZERO = "content-length: 0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private final Http1ClientConnection owner;
    private final Connection connection;
    private final HeaderBlockWriter headerWriter;
    private final StreamDecoder responseDecoder;
    private StreamCallbacks callbacks;
    private boolean requestStarted;
    private boolean requestComplete;
    private boolean chunked;
    private boolean headRequest;
    private boolean responseReadEnabled = true;
    private boolean done;

    Http1ClientStream(Http1ClientConnection owner, Connection connection, HeaderBlockWriter headerWriter,
            StreamDecoder responseDecoder) {
        this.owner = owner;
        this.connection = connection;
        this.headerWriter = headerWriter;
        this.responseDecoder = responseDecoder;
    }

    @Override
    public void encodeHeaders(HeaderMap headers, boolean endOfStream) {
        if (done) {
            return;
        }
        if (requestStarted) {
            throw new IllegalStateException("request headers were already sent on connection " + connection.id());
        }
        String method = headers.get(HeaderNames.METHOD);
        if (method == null) {
            owner.onRequestFailed(this, "the request has no :method");
            return;
        }
        String authority = headers.get(HeaderNames.AUTHORITY);
        String path = headers.get(HeaderNames.PATH);
        boolean connect = "CONNECT".equals(method);
        String target = connect && authority != null ? authority : path == null || path.isEmpty() ? "/" : path;
        ByteBuf head = connection.alloc().buffer(256);
        try {
            HeaderBlockWriter.checkToken("method", method);
            checkTarget(target);
            HeaderBlockWriter.writeLatin1(head, method);
            head.writeByte(' ');
            HeaderBlockWriter.writeLatin1(head, target);
            head.writeBytes(VERSION_CRLF);
            if (authority != null) {
                HeaderBlockWriter.line(head, "host", authority);
            }
            headerWriter.write(headers, authority != null ? "host" : null, head);
        } catch (IllegalArgumentException e) {
            head.release();
            owner.onRequestFailed(this, "invalid request: " + e.getMessage());
            return;
        }
        if (headerWriter.contentLength() < 0) {
            if (!endOfStream) {
                head.writeBytes(CHUNKED);
                chunked = true;
            } else if (expectsBody(method)) {
                head.writeBytes(CONTENT_LENGTH_ZERO);
            }
        }
        head.writeBytes(CRLF);
        requestStarted = true;
        headRequest = "HEAD".equals(method);
        owner.onRequestStarted(this);
        connection.write(head, false);
        if (endOfStream) {
            endRequest(null);
        }
    }

    @Override
    public void encodeData(ByteBuf data, boolean endOfStream) {
        if (done || requestComplete) {
            data.release();
            return;
        }
        if (!requestStarted) {
            data.release();
            throw new IllegalStateException("encodeData before encodeHeaders on connection " + connection.id());
        }
        if (data.isReadable()) {
            BodyFraming.writeData(connection, data, chunked);
        } else {
            data.release();
        }
        if (endOfStream) {
            endRequest(null);
        }
    }

    @Override
    public void encodeTrailers(HeaderMap trailers) {
        if (done || requestComplete) {
            return;
        }
        if (!requestStarted) {
            throw new IllegalStateException("encodeTrailers before encodeHeaders on connection " + connection.id());
        }
        endRequest(trailers);
    }

    /** Ends the request body: the last chunk (with {@code trailers}, if any) when chunked. */
    private void endRequest(HeaderMap trailers) {
        if (chunked) {
            BodyFraming.writeLastChunk(connection, trailers, headerWriter);
        }
        requestComplete = true;
    }

    /** @throws IllegalArgumentException when the request target holds a space or a control character */
    private static void checkTarget(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("the request target holds character 0x" + Integer.toHexString(c)
                        + " at index " + i);
            }
        }
    }

    @Override
    public void reset(StreamResetReason reason) {
        if (!done) {
            done = true;
            owner.onLocalReset(this);
        }
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public void setReadEnabled(boolean enabled) {
        if (responseReadEnabled != enabled) {
            responseReadEnabled = enabled;
            owner.onResponseReadEnabledChanged(this);
        }
    }

    @Override
    public void setCallbacks(StreamCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    StreamDecoder responseDecoder() {
        return responseDecoder;
    }

    boolean headRequest() {
        return headRequest;
    }

    boolean isRequestComplete() {
        return requestComplete;
    }

    boolean responseReadEnabled() {
        return responseReadEnabled;
    }

    /** The response is complete: the stream is over. */
    void finish() {
        done = true;
    }

    void onWritabilityChanged(boolean writable) {
        if (!done && callbacks != null) {
            callbacks.onWritabilityChanged(writable);
        }
    }

    /** Ends the stream for a reason outside the proxy: the response's decoder and the callbacks are told. */
    void resetByConnection(StreamResetReason reason) {
        if (done) {
            return;
        }
        done = true;
        responseDecoder.onReset(reason);
        if (callbacks != null) {
            callbacks.onReset(reason);
        }
    }

    private static boolean expectsBody(String method) {
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }
}
