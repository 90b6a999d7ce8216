package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mosn4j.plugin.http1.RequestChecks.Rejection;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ProtocolRejection;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of HTTP/1 on a downstream connection: decodes requests into streams for the
 * {@link ServerStreamListener} and writes their responses in order.
 *
 * <p>One stream at a time: a pipelined request is decoded as its bytes arrive but queued, and delivered only
 * once the previous response is complete; while anything is queued the connection stops reading, so the queue
 * holds at most what one read brought. The same queue holds back request body chunks while the stream's
 * encoder has {@link Http1ServerStream#setReadEnabled reading} off.
 *
 * <p>A bad request (over a {@link Http1Limits limit}, malformed, or framed ambiguously) is answered with its
 * status once the responses before it are written, and the connection closes. So is a request whose headers are
 * not complete within {@link Http1Limits#requestHeaderTimeout()} of the read that brought its first bytes
 * ({@code 408}, against slowloris clients; the time this side does not read does not count); an idle connection
 * between requests is left to the listener's idle timeout.
 *
 * <p>A bodiless request with {@code Upgrade} that arrives while nothing else is in progress is offered to the
 * listener ({@link ServerStreamListener#acceptsUpgrade}); if it takes one of the tokens, {@code 101 Switching
 * Protocols} is written and the connection, with the bytes read after the request, is handed over
 * ({@link ServerStreamListener#upgrade}). Otherwise the request is served as HTTP/1.1.
 */
final class Http1ServerConnection implements ServerStreamConnection, EmbeddedDecoder.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(Http1ServerConnection.class);

    private final Connection connection;
    private final ServerStreamListener listener;
    private final HeaderBlockWriter headerWriter = new HeaderBlockWriter();
    private final EmbeddedDecoder codec;
    private final ServerRequestDecoder decoder;
    private final long headerTimeoutNanos;
    /** Runs out when the headers of the request begun are not complete in time; null while none is begun. */
    private ScheduledFuture<?> headerTimer;
    /** Decoded objects not yet delivered, in order; a {@link Rejection} or {@link BodyFailure} marks a failure. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>(4);
    private Http1ServerStream active;
    /** A request's headers were decoded and its last part was not yet. */
    private boolean decodingRequest;
    /** The decoder failed; what follows on the connection is not decoded. */
    private boolean decodeFailed;
    /** The peer ended the connection inside the active stream's request. */
    private boolean activeRequestTruncated;
    private boolean dispatching;
    private boolean readEnabled = true;
    private boolean peerClosed;
    private boolean draining;
    /** A request was started here: idle again, the connection may be closed when draining. */
    private boolean requestStarted;
    private boolean closed;
    /** A request that may switch protocols, first on a quiet connection; decided when its end is decoded. */
    private HttpRequest upgradeCandidate;
    /** An accepted switch, carried out once the current decode returns. */
    private AcceptedUpgrade upgrade;

    /**
     * @param connection the downstream connection
     * @param listener told about each request
     * @param limits the request parsing limits
     */
    Http1ServerConnection(Connection connection, ServerStreamListener listener, Http1Limits limits) {
        this.connection = connection;
        this.listener = listener;
        this.decoder = new ServerRequestDecoder(limits);
        this.codec = new EmbeddedDecoder(connection, decoder, this);
        this.headerTimeoutNanos = limits.requestHeaderTimeout().toNanos();
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        if (closed) {
            data.release();
            return;
        }
        codec.decode(data);
        if (upgrade != null) {
            switchProtocols(endOfStream);
            return;
        }
        if (headerTimer == null && headerTimeoutNanos > 0 && !closed && !decodingRequest && !decodeFailed
                && decoder.inRequestHead()) {
            startHeaderTimer();
        }
        if (endOfStream && !closed) {
            peerClosed = true;
            codec.inputClosed();
            onTruncatedRequest();
        }
        dispatch();
    }

    @Override
    public void onMessage(Object msg) {
        if (upgrade != null) {
            upgrade.leftover(msg);
            return;
        }
        if (decodeFailed || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest) {
            cancelHeaderTimer();
        }
        DecoderResult result = object.decoderResult();
        if (result.isFailure()) {
            ReferenceCountUtil.release(msg);
            if (result.cause() instanceof PrematureChannelClosureException) {
                return;
            }
            decodeFailed = true;
            if (msg instanceof HttpRequest) {
                pending.add(RequestChecks.decoderFailure(result.cause()));
            } else {
                pending.add(new BodyFailure(result.cause()));
            }
            decodingRequest = false;
            return;
        }
        if (msg instanceof HttpRequest request) {
            decodingRequest = true;
            upgradeCandidate = active == null && pending.isEmpty() && UpgradeRequests.isCandidate(request)
                    ? request : null;
        }
        if (msg instanceof LastHttpContent last) {
            decodingRequest = false;
            if (upgradeCandidate != null && pending.peek() == upgradeCandidate && isBare(last)
                    && offerUpgrade(upgradeCandidate)) {
                last.release();
                return;
            }
            upgradeCandidate = null;
        }
        pending.add(msg);
    }

    /**
     * @param request the only request queued, whose bodiless end was just decoded
     * @return whether the listener took one of its upgrade tokens; the decoder is then stopped and the request
     *         dropped from the queue
     */
    private boolean offerUpgrade(HttpRequest request) {
        upgradeCandidate = null;
        if (draining || RequestChecks.check(request) != null) {
            return false;
        }
        HeaderMap view = UpgradeRequests.upgradeView(request, connection.remoteAddress());
        for (String token : UpgradeRequests.tokens(request)) {
            if (listener.acceptsUpgrade(token, view)) {
                pending.clear();
                upgrade = new AcceptedUpgrade(token, view);
                codec.stopDecoding();
                return true;
            }
        }
        return false;
    }

    /** Writes {@code 101}, lets go of the connection and hands it to the listener with what was read after. */
    private void switchProtocols(boolean endOfStream) {
        AcceptedUpgrade accepted = upgrade;
        LOG.debug("Http1 connection {} from {}: switching to {}", connection.id(), connection.remoteAddress(),
                accepted.token);
        connection.write(UpgradeRequests.switchingProtocols(connection.alloc(), accepted.token), false);
        release();
        ByteBuf leftover = accepted.leftover != null ? accepted.leftover : connection.alloc().buffer(0);
        listener.upgrade(accepted.token, accepted.request, leftover, endOfStream);
    }

    /**
     * The headers of the request begun did not arrive in time: it is answered {@code 408} after the responses
     * before it, and nothing more is decoded.
     */
    private void onHeaderTimeout() {
        headerTimer = null;
        if (closed || decodeFailed || decodingRequest) {
            return;
        }
        if (!readEnabled) {
            // This side stopped reading (requests before it are queued): the stall is not the client's.
            startHeaderTimer();
            return;
        }
        decodeFailed = true;
        listener.onRequestHeaderTimeout();
        pending.add(new Rejection(HttpResponseStatus.REQUEST_TIMEOUT,
                "request headers not complete within " + TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos) + " ms"));
        dispatch();
    }

    private void startHeaderTimer() {
        headerTimer = connection.eventLoop().schedule(this::onHeaderTimeout, headerTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancelHeaderTimer() {
        if (headerTimer != null) {
            headerTimer.cancel(false);
            headerTimer = null;
        }
    }

    @Override
    public void onError(Throwable cause) {
        cancelHeaderTimer();
        if (!decodeFailed) {
            decodeFailed = true;
            pending.add(decodingRequest ? new BodyFailure(cause) : RequestChecks.decoderFailure(cause));
            decodingRequest = false;
        }
    }

    @Override
    public void onConnectionClosed() {
        Http1ServerStream stream = active;
        active = null;
        release();
        if (stream != null) {
            stream.resetByConnection(StreamResetReason.CONNECTION_TERMINATED);
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

    /**
     * Closes at once when idle after a request; a connection whose first request has not come yet is about to send
     * one (it was just opened), so that request is served, with {@code Connection: close}, rather than cut off.
     */
    @Override
    public void shutdownGracefully() {
        draining = true;
        if (!closed && active == null && requestStarted) {
            close();
        }
    }

    boolean isDraining() {
        return draining;
    }

    void onResponseComplete(Http1ServerStream stream) {
        if (stream != active) {
            return;
        }
        active = null;
        if (stream.closeAfterResponse() || draining || !stream.isRequestComplete()) {
            close();
        } else {
            dispatch();
        }
    }

    void onResponseFailed(Http1ServerStream stream) {
        if (stream == active) {
            active = null;
            close();
            stream.resetByConnection(StreamResetReason.PROTOCOL_ERROR);
        }
    }

    void onLocalReset(Http1ServerStream stream) {
        if (stream == active) {
            active = null;
            close();
        }
    }

    void onRequestReadEnabledChanged(Http1ServerStream stream) {
        if (stream == active) {
            dispatch();
        }
    }

    /** Delivers what is queued as far as the active stream and flow control allow. */
    private void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            while (!closed && !pending.isEmpty()) {
                Object next = pending.peek();
                if (next instanceof HttpContent content && !(next instanceof HttpRequest)) {
                    // Body parts follow their request, which was started before them: active is their stream.
                    if (!active.requestReadEnabled()) {
                        break;
                    }
                    pending.poll();
                    deliverContent(content);
                } else if (next instanceof BodyFailure failure) {
                    // It belongs to the active stream: the requests queued before it were started already.
                    pending.poll();
                    reject(new Rejection(HttpResponseStatus.BAD_REQUEST, "bad body: " + failure.cause().getMessage()));
                } else if (active != null) {
                    break;
                } else if (next instanceof HttpRequest request) {
                    pending.poll();
                    startStream(request);
                } else {
                    pending.poll();
                    reject((Rejection) next);
                }
            }
            if (!closed && peerClosed && pending.isEmpty()) {
                if (active == null) {
                    close();
                } else if (activeRequestTruncated) {
                    Http1ServerStream stream = active;
                    active = null;
                    close();
                    stream.resetByConnection(StreamResetReason.CONNECTION_TERMINATED);
                }
            }
            if (!closed) {
                updateReadEnabled();
            }
        } finally {
            dispatching = false;
        }
    }

    private void startStream(HttpRequest request) {
        Rejection rejection = RequestChecks.check(request);
        if (rejection != null) {
            ReferenceCountUtil.release(request);
            reject(rejection);
            return;
        }
        boolean http10 = request.protocolVersion().minorVersion() == 0;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean expectContinue = !http10
                && request.headers().containsValue(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true);
        request.headers().remove(HttpHeaderNames.EXPECT);
        HeaderMap headers = ServerRequestHeaders.toHeaderMap(request, connection.remoteAddress());
        boolean endOfStream = false;
        if (pending.peek() instanceof LastHttpContent last && isBare(last)) {
            pending.poll();
            last.release();
            endOfStream = true;
        }
        Http1ServerStream stream = new Http1ServerStream(this, connection, headerWriter,
                HttpMethod.HEAD.equals(request.method()), http10, keepAlive);
        active = stream;
        requestStarted = true;
        StreamDecoder decoder = listener.newStream(stream);
        stream.decoder(decoder);
        if (endOfStream) {
            stream.requestComplete();
        } else if (expectContinue) {
            connection.write(LocalResponses.continueResponse(connection.alloc()), false);
        }
        decoder.onHeaders(headers, endOfStream);
    }

    private void deliverContent(HttpContent content) {
        Http1ServerStream stream = active;
        StreamDecoder decoder = stream.decoder();
        ByteBuf data = content.content();
        if (!(content instanceof LastHttpContent last)) {
            decoder.onData(data, false);
            return;
        }
        stream.requestComplete();
        if (last.trailingHeaders().isEmpty()) {
            decoder.onData(data, true);
            return;
        }
        HeaderMap trailers = Http1Headers.toHeaderMap(last.trailingHeaders());
        if (data.isReadable()) {
            decoder.onData(data, false);
        } else {
            data.release();
        }
        decoder.onTrailers(trailers);
    }

    private void reject(Rejection rejection) {
        Http1ServerStream stream = active;
        ProtocolRejection counted = ProtocolRejection.ofStatus(rejection.status().code());
        if (counted != null) {
            listener.onRejected(counted);
        }
        LOG.info("Http1 connection {} from {}: {} {} ({}); closing", connection.id(), connection.remoteAddress(),
                rejection.status().code(), rejection.status().reasonPhrase(), rejection.reason());
        if (stream == null || !stream.responseStarted()) {
            connection.write(LocalResponses.error(connection.alloc(), rejection.status()), false);
        }
        active = null;
        close();
        if (stream != null) {
            stream.resetByConnection(StreamResetReason.PROTOCOL_ERROR);
        }
    }

    /**
     * After the peer's end: a request cut short is dropped if still queued; if it is the active stream's, the
     * stream is reset once what arrived of it is delivered.
     */
    private void onTruncatedRequest() {
        if (!decodingRequest) {
            return;
        }
        decodingRequest = false;
        boolean queued = false;
        for (Iterator<Object> it = pending.iterator(); it.hasNext() && !queued; ) {
            queued = it.next() instanceof HttpRequest;
        }
        if (queued) {
            Object last;
            do {
                last = pending.pollLast();
                ReferenceCountUtil.release(last);
            } while (!(last instanceof HttpRequest));
        } else {
            activeRequestTruncated = true;
        }
    }

    private void updateReadEnabled() {
        boolean enable = pending.isEmpty() && (active == null || active.requestReadEnabled());
        if (enable != readEnabled) {
            readEnabled = enable;
            connection.setReadEnabled(enable);
        }
    }

    /** Closes the connection once what was written is flushed. */
    private void close() {
        if (!closed) {
            release();
            connection.close(CloseType.FLUSH_WRITE);
        }
    }

    private void release() {
        closed = true;
        cancelHeaderTimer();
        while (!pending.isEmpty()) {
            ReferenceCountUtil.release(pending.poll());
        }
        codec.close();
    }

    private static boolean isBare(LastHttpContent last) {
        return !last.content().isReadable() && last.trailingHeaders().isEmpty();
    }

    /** An upgrade the listener accepted, and the bytes read after its request. */
    private static final class AcceptedUpgrade {

        final String token;
        final HeaderMap request;
        ByteBuf leftover;

        AcceptedUpgrade(String token, HeaderMap request) {
            this.token = token;
            this.request = request;
        }

        void leftover(Object msg) {
            if (msg instanceof ByteBuf bytes && leftover == null) {
                leftover = bytes;
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** The decoder failed inside a request body. */
    private record BodyFailure(Throwable cause) {
    }
}
