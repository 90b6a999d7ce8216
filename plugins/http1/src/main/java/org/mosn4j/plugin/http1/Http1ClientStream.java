package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
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

    private final Http1ClientConnection owner;
    private final Connection connection;
    private final EmbeddedCodec codec;
    private final StreamDecoder responseDecoder;
    private StreamCallbacks callbacks;
    private boolean requestStarted;
    private boolean requestComplete;
    private boolean chunked;
    private boolean headRequest;
    private boolean responseReadEnabled = true;
    private boolean done;

    Http1ClientStream(Http1ClientConnection owner, Connection connection, EmbeddedCodec codec,
            StreamDecoder responseDecoder) {
        this.owner = owner;
        this.connection = connection;
        this.codec = codec;
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
        HttpRequest request;
        try {
            HttpMethod httpMethod = HttpMethod.valueOf(method);
            String target = HttpMethod.CONNECT.equals(httpMethod) && authority != null ? authority
                    : path == null || path.isEmpty() ? "/" : path;
            request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, httpMethod, target, Http1Headers.HEADERS);
            HttpHeaders out = request.headers();
            if (authority != null) {
                out.add(HttpHeaderNames.HOST, authority);
            }
            Http1Headers.copyRegular(headers, out, authority != null ? "host" : null);
        } catch (IllegalArgumentException e) {
            owner.onRequestFailed(this, "invalid request: " + e.getMessage());
            return;
        }
        HttpHeaders out = request.headers();
        HopByHopHeaders.strip(out);
        if (out.contains(HttpHeaderNames.CONTENT_LENGTH) && Http1Headers.contentLength(out) < 0) {
            out.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        if (!out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (!endOfStream) {
                out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                chunked = true;
            } else if (expectsBody(request.method())) {
                out.set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
            }
        }
        requestStarted = true;
        headRequest = HttpMethod.HEAD.equals(request.method());
        owner.onRequestStarted(this);
        codec.write(request);
        if (endOfStream) {
            codec.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        codec.flush();
        if (endOfStream) {
            requestComplete = true;
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
            codec.write(new DefaultHttpContent(data));
        } else {
            data.release();
        }
        if (endOfStream) {
            codec.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        codec.flush();
        if (endOfStream) {
            requestComplete = true;
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
        LastHttpContent last = LastHttpContent.EMPTY_LAST_CONTENT;
        if (chunked && trailers.size() > 0) {
            last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, Http1Headers.TRAILERS);
            try {
                Http1Headers.copyTrailers(trailers, last.trailingHeaders());
            } catch (IllegalArgumentException e) {
                last = LastHttpContent.EMPTY_LAST_CONTENT;
            }
        }
        codec.write(last);
        codec.flush();
        requestComplete = true;
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

    private static boolean expectsBody(HttpMethod method) {
        return HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method);
    }
}
