package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
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

    private final Http1ServerConnection owner;
    private final Connection connection;
    private final EmbeddedCodec codec;
    private final ServerResponseEncoder encoder;
    private final boolean headRequest;
    private final boolean http10;
    private final boolean keepAlive;
    private StreamDecoder decoder;
    private StreamCallbacks callbacks;
    private boolean requestComplete;
    private boolean requestReadEnabled = true;
    private boolean responseStarted;
    private boolean chunked;
    private boolean closeAfterResponse;
    private boolean done;

    Http1ServerStream(Http1ServerConnection owner, Connection connection, EmbeddedCodec codec,
            ServerResponseEncoder encoder, boolean headRequest, boolean http10, boolean keepAlive) {
        this.owner = owner;
        this.connection = connection;
        this.codec = codec;
        this.encoder = encoder;
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
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Http1Headers.HEADERS);
        HttpHeaders out = response.headers();
        try {
            Http1Headers.copyRegular(headers, out, null);
        } catch (IllegalArgumentException e) {
            fail("invalid response header: " + e.getMessage());
            return;
        }
        HopByHopHeaders.strip(out);
        closeAfterResponse = !keepAlive || owner.isDraining() || !requestComplete;
        boolean bodyAllowed = !headRequest && status != 204 && status != 304;
        if (bodyAllowed) {
            if (out.contains(HttpHeaderNames.CONTENT_LENGTH) && Http1Headers.contentLength(out) < 0) {
                out.remove(HttpHeaderNames.CONTENT_LENGTH);
            }
            if (!out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                if (endOfStream) {
                    out.set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
                } else if (!http10) {
                    out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                    chunked = true;
                } else {
                    closeAfterResponse = true;
                }
            }
        }
        if (closeAfterResponse) {
            out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        responseStarted = true;
        encoder.headRequest(headRequest);
        codec.write(response);
        if (endOfStream) {
            codec.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        codec.flush();
        if (endOfStream) {
            complete();
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
        if (data.isReadable()) {
            codec.write(new DefaultHttpContent(data));
        } else {
            data.release();
        }
        if (endOfStream) {
            codec.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        codec.flush();
        if (endOfStream) {
            complete();
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
        LastHttpContent last = LastHttpContent.EMPTY_LAST_CONTENT;
        if (chunked && trailers.size() > 0) {
            last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, Http1Headers.TRAILERS);
            try {
                Http1Headers.copyTrailers(trailers, last.trailingHeaders());
            } catch (IllegalArgumentException e) {
                LOG.debug("connection {}: dropping invalid response trailers: {}", connection.id(), e.getMessage());
                last = LastHttpContent.EMPTY_LAST_CONTENT;
            }
        }
        codec.write(last);
        codec.flush();
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

    private void fail(String why) {
        LOG.warn("connection {}: cannot send the response ({}); closing", connection.id(), why);
        owner.onResponseFailed(this);
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
