package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ClientStreamConnectionCallbacks;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of HTTP/1 on an upstream connection: one stream at a time, its request encoded as HTTP/1.1
 * and its response decoded as it streams in. Interim ({@code 1xx}) responses are skipped.
 *
 * <p>A stream ends when its response is complete (or it is reset); then
 * {@link ClientStreamConnectionCallbacks#onStreamComplete} says whether the connection can carry another
 * request. It cannot after {@code Connection: close}, an HTTP/1.0 response without keep-alive, a body
 * delimited by the connection's end, a response that came before the request was fully sent, a protocol error
 * or a reset; the pool closes it then.
 */
final class Http1ClientConnection implements ClientStreamConnection, EmbeddedDecoder.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(Http1ClientConnection.class);

    private final Connection connection;
    private final ClientStreamConnectionCallbacks callbacks;
    private final ClientResponseDecoder responseDecoder;
    private final EmbeddedDecoder codec;
    private final HeaderBlockWriter headerWriter = new HeaderBlockWriter();
    /** Decoded objects not yet delivered, in order; a {@link Throwable} stands for a decoder failure. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>(4);
    private Http1ClientStream active;
    private boolean skippingInterim;
    private boolean decodeFailed;
    private boolean dispatching;
    private boolean readEnabled = true;
    private boolean reusable = true;
    private boolean peerClosed;
    /** The codec is released: the connection failed, was reset or closed; nothing more is decoded. */
    private boolean released;

    /**
     * @param connection the upstream connection
     * @param callbacks told when each stream ends
     * @param limits the response parsing limits
     */
    Http1ClientConnection(Connection connection, ClientStreamConnectionCallbacks callbacks, Http1Limits limits) {
        this.connection = connection;
        this.callbacks = callbacks;
        this.responseDecoder = new ClientResponseDecoder(limits);
        this.codec = new EmbeddedDecoder(connection, responseDecoder, this);
    }

    @Override
    public StreamEncoder newStream(StreamDecoder responseDecoder) {
        if (!canStartStream()) {
            String why = released ? "it is closed or failed"
                    : active != null ? "a stream is active" : "it is not reusable";
            throw new IllegalStateException("Http1 connection " + connection.id() + " cannot start a stream: " + why);
        }
        active = new Http1ClientStream(this, connection, headerWriter, responseDecoder);
        return active;
    }

    @Override
    public boolean canStartStream() {
        return active == null && reusable && !released;
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        if (released) {
            data.release();
            return;
        }
        codec.decode(data);
        if (endOfStream) {
            inputClosed();
        }
        dispatch();
    }

    @Override
    public void onMessage(Object msg) {
        if (decodeFailed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
            DecoderResult result = object.decoderResult();
            ReferenceCountUtil.release(msg);
            onError(result.cause());
            return;
        }
        if (!(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            onError(new IllegalStateException("bytes after a switch of protocols"));
            return;
        }
        pending.add(msg);
    }

    @Override
    public void onError(Throwable cause) {
        if (!decodeFailed) {
            decodeFailed = true;
            pending.add(cause);
        }
    }

    @Override
    public void onConnectionClosed() {
        if (!released && !peerClosed) {
            inputClosed();
            dispatch();
        }
        reusable = false;
        release();
        Http1ClientStream stream = active;
        if (stream != null) {
            active = null;
            stream.resetByConnection(StreamResetReason.CONNECTION_TERMINATED);
            callbacks.onStreamComplete(false);
        }
    }

    @Override
    public int activeStreams() {
        return active == null ? 0 : 1;
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        if (active != null) {
            active.onWritabilityChanged(writable);
        }
    }

    void onRequestStarted(Http1ClientStream stream) {
        responseDecoder.headRequest(stream.headRequest());
    }

    void onRequestFailed(Http1ClientStream stream, String why) {
        LOG.warn("Http1 connection {} to {}: cannot send the request ({})", connection.id(),
                connection.remoteAddress(), why);
        failActive(StreamResetReason.PROTOCOL_ERROR);
    }

    void onLocalReset(Http1ClientStream stream) {
        if (stream != active) {
            return;
        }
        active = null;
        reusable = false;
        release();
        connection.close(CloseType.NO_FLUSH);
        callbacks.onStreamComplete(false);
    }

    void onResponseReadEnabledChanged(Http1ClientStream stream) {
        if (stream == active) {
            dispatch();
        }
    }

    private void inputClosed() {
        peerClosed = true;
        reusable = false;
        codec.inputClosed();
    }

    private void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            while (!released && !pending.isEmpty()) {
                Object next = pending.peek();
                if (next instanceof Throwable cause) {
                    pending.poll();
                    LOG.info("Http1 connection {} to {}: bad response ({})", connection.id(),
                            connection.remoteAddress(), cause.getMessage());
                    failActive(StreamResetReason.PROTOCOL_ERROR);
                } else if (skippingInterim) {
                    pending.poll();
                    skippingInterim = !(next instanceof LastHttpContent);
                    ReferenceCountUtil.release(next);
                } else if (active == null) {
                    pending.poll();
                    ReferenceCountUtil.release(next);
                    LOG.info("Http1 connection {} to {}: response without a request; closing", connection.id(),
                            connection.remoteAddress());
                    reusable = false;
                    release();
                    connection.close(CloseType.NO_FLUSH);
                } else if (next instanceof HttpResponse response) {
                    pending.poll();
                    startResponse(response);
                } else if (active.responseReadEnabled()) {
                    pending.poll();
                    deliverContent((HttpContent) next);
                } else {
                    break;
                }
            }
            if (!released && peerClosed && pending.isEmpty() && active != null) {
                failActive(StreamResetReason.CONNECTION_TERMINATED);
            }
            if (!released) {
                updateReadEnabled();
            }
        } finally {
            dispatching = false;
        }
    }

    private void startResponse(HttpResponse response) {
        int status = response.status().code();
        if (status < 200) {
            if (status == 101) {
                LOG.info("Http1 connection {} to {}: unrequested 101 Switching Protocols", connection.id(),
                        connection.remoteAddress());
                failActive(StreamResetReason.PROTOCOL_ERROR);
            } else {
                skippingInterim = true;
            }
            return;
        }
        Http1ClientStream stream = active;
        boolean closeDelimited = !stream.headRequest() && status != 204 && status != 304
                && !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response);
        if (!HttpUtil.isKeepAlive(response) || closeDelimited) {
            reusable = false;
        }
        HopByHopHeaders.strip(response.headers());
        HeaderMap headers = new DefaultHeaderMap(response.headers().size() + 1);
        headers.add(HeaderNames.STATUS, response.status().codeAsText().toString());
        Http1Headers.addAll(response.headers(), headers);
        boolean endOfStream = false;
        if (pending.peek() instanceof LastHttpContent last && !last.content().isReadable()
                && last.trailingHeaders().isEmpty()) {
            pending.poll();
            last.release();
            endOfStream = true;
        }
        stream.responseDecoder().onHeaders(headers, endOfStream);
        if (endOfStream) {
            finish(stream);
        }
    }

    private void deliverContent(HttpContent content) {
        Http1ClientStream stream = active;
        StreamDecoder decoder = stream.responseDecoder();
        ByteBuf data = content.content();
        if (!(content instanceof LastHttpContent last)) {
            decoder.onData(data, false);
            return;
        }
        if (last.trailingHeaders().isEmpty()) {
            decoder.onData(data, true);
        } else {
            HeaderMap trailers = Http1Headers.toHeaderMap(last.trailingHeaders());
            if (data.isReadable()) {
                decoder.onData(data, false);
            } else {
                data.release();
            }
            decoder.onTrailers(trailers);
        }
        finish(stream);
    }

    private void finish(Http1ClientStream stream) {
        if (stream != active) {
            return;
        }
        active = null;
        stream.finish();
        if (!stream.isRequestComplete()) {
            reusable = false;
        }
        callbacks.onStreamComplete(canStartStream());
    }

    private void failActive(StreamResetReason reason) {
        reusable = false;
        Http1ClientStream stream = active;
        release();
        if (stream != null) {
            active = null;
            stream.resetByConnection(reason);
            callbacks.onStreamComplete(false);
        }
    }

    private void updateReadEnabled() {
        boolean enable = pending.isEmpty() && (active == null || active.responseReadEnabled());
        if (enable != readEnabled) {
            readEnabled = enable;
            connection.setReadEnabled(enable);
        }
    }

    private void release() {
        released = true;
        while (!pending.isEmpty()) {
            ReferenceCountUtil.release(pending.poll());
        }
        codec.close();
    }
}
