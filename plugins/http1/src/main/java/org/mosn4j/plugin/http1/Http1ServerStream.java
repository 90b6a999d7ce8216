package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request-response exchange on a downstream connection; as a {@link StreamEncoder} it sends the response.
 *
 * <p>Response framing: the response's {@code Content-Length} when it has one, else chunked for an HTTP/1.1
 * client, else (HTTP/1.0) the body ends with the connection. {@code Connection: close} goes out, and the
 * connection closes after the response, when the client asked for it, when the client is HTTP/1.0 without
 * keep-alive, when the body is close-delimited, when the connection is draining, and when the response starts
 * before the request has fully arrived (the rest of the request could not be told from the next one).
 */
final class Http1ServerStream implements StreamEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(Http1ServerStream.class);
    private static final byte[] CHUNKED = ascii("transfer-encoding: chunked\r\n");
    private static final byte[] CONTENT_LENGTH_ZERO = ascii("content-length: 0\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("connection: keep-alive\r\n");
    private static final byte[] CRLF = {'\r', '\n'};

    private final Http1ServerConnection owner;
    private final Connection connection;
    private final HeaderBlockWriter headerWriter;
    private final boolean headRequest;
    private final boolean http10;
    private final boolean keepAlive;
    private StreamDecoder decoder;
    private StreamCallbacks callbacks;
    private boolean requestComplete;
    private boolean requestReadEnabled = true;
    private boolean responseStarted;
    private boolean chunked;
    /** The response may carry a body: not for {@code HEAD}, nor with status 204, 205 or 304. */
    private boolean bodyAllowed;
    private boolean closeAfterResponse;
    private boolean done;

    Http1ServerStream(Http1ServerConnection owner, Connection connection, HeaderBlockWriter headerWriter,
            boolean headRequest, boolean http10, boolean keepAlive) {
        this.owner = owner;
        this.connection = connection;
        this.headerWriter = headerWriter;
        this.headRequest = headRequest;
        this.http10 = http10;
        this.keepAlive = keepAlive;
    }

    @Override
    public void encodeHeaders(HeaderMap headers, boolean endOfStream) {
        if (done) {
            return;
        }
        if (responseStarted) {
            throw new IllegalStateException("response headers were already sent on connection " + connection.id());
        }
        int status = status(headers);
        if (status < 0) {
            fail("invalid :status " + headers.get(HeaderNames.STATUS));
            return;
        }
        if (status < 200) {
            // Interim responses from upstream are not relayed: this side answers Expect: 100-continue itself.
            return;
        }
        ByteBuf head = connection.alloc().buffer(256);
        head.writeBytes(StatusLines.of(status));
        // 204 and 205 carry no body, so no length either (205's is written as 0 below).
        boolean noLength = status == 204 || status == 205;
        try {
            headerWriter.write(headers, noLength ? "content-length" : null, head);
        } catch (IllegalArgumentException e) {
            head.release();
            fail("invalid response header: " + e.getMessage());
            return;
        }
        closeAfterResponse = !keepAlive || owner.isDraining() || !requestComplete;
        bodyAllowed = !headRequest && status != 204 && status != 205 && status != 304;
        if (status == 205) {
            head.writeBytes(CONTENT_LENGTH_ZERO);
        } else if (bodyAllowed && headerWriter.contentLength() < 0) {
            if (endOfStream) {
                head.writeBytes(CONTENT_LENGTH_ZERO);
            } else if (!http10) {
                head.writeBytes(CHUNKED);
                chunked = true;
            } else {
                closeAfterResponse = true;
            }
        }
        if (closeAfterResponse) {
            head.writeBytes(CONNECTION_CLOSE);
        } else if (http10) {
            head.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        head.writeBytes(CRLF);
        responseStarted = true;
        connection.write(head, false);
        if (endOfStream) {
            endResponse(null);
        }
    }

    @Override
    public void encodeData(ByteBuf data, boolean endOfStream) {
        if (done) {
            data.release();
            return;
        }
        if (!responseStarted) {
            data.release();
            throw new IllegalStateException("encodeData before encodeHeaders on connection " + connection.id());
        }
        if (data.isReadable() && bodyAllowed) {
            BodyFraming.writeData(connection, data, chunked);
        } else {
            data.release();
        }
        if (endOfStream) {
            endResponse(null);
        }
    }

    @Override
    public void encodeTrailers(HeaderMap trailers) {
        if (done) {
            return;
        }
        if (!responseStarted) {
            throw new IllegalStateException("encodeTrailers before encodeHeaders on connection " + connection.id());
        }
        endResponse(trailers);
    }

    /** Ends the response: the last chunk (with {@code trailers}, if any) when chunked. */
    private void endResponse(HeaderMap trailers) {
        if (chunked) {
            BodyFraming.writeLastChunk(connection, trailers, headerWriter);
        }
        complete();
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
        if (requestReadEnabled != enabled) {
            requestReadEnabled = enabled;
            owner.onRequestReadEnabledChanged(this);
        }
    }

    @Override
    public void setCallbacks(StreamCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    void decoder(StreamDecoder decoder) {
        this.decoder = decoder;
    }

    StreamDecoder decoder() {
        return decoder;
    }

    boolean requestReadEnabled() {
        return requestReadEnabled;
    }

    void requestComplete() {
        requestComplete = true;
    }

    boolean isRequestComplete() {
        return requestComplete;
    }

    boolean responseStarted() {
        return responseStarted;
    }

    boolean closeAfterResponse() {
        return closeAfterResponse;
    }

    void onWritabilityChanged(boolean writable) {
        if (!done && callbacks != null) {
            callbacks.onWritabilityChanged(writable);
        }
    }

    /** Ends the stream for a reason outside the proxy: both the request's decoder and the callbacks are told. */
    void resetByConnection(StreamResetReason reason) {
        if (done) {
            return;
        }
        done = true;
        if (decoder != null) {
            decoder.onReset(reason);
        }
        if (callbacks != null) {
            callbacks.onReset(reason);
        }
    }

    private void complete() {
        done = true;
        owner.onResponseComplete(this);
    }

    /** The response cannot go out as it is: the client gets {@code 502} instead, and the connection closes. */
    private void fail(String why) {
        LOG.warn("connection {}: cannot send the response ({}); answering 502 and closing", connection.id(), why);
        connection.write(LocalResponses.error(connection.alloc(), HttpResponseStatus.BAD_GATEWAY), false);
        owner.onResponseFailed(this);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int status(HeaderMap headers) {
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
}
