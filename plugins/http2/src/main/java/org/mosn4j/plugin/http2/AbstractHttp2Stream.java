package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream as one mosn4j stream: the message this side receives goes to a {@link StreamDecoder}, the
 * message it sends comes through this {@link StreamEncoder}. The server and client sides differ only in how
 * headers are mapped and in what ends a half-finished exchange.
 *
 * <p>Flow control: a DATA frame's window is returned to the peer when the frame is handed to the decoder.
 * While {@link #setReadEnabled reading} is off, frames are held (at most a stream window's worth, since the
 * peer gets no WINDOW_UPDATE for them) and delivered in order once it is on again. Sending is writable while
 * the peer's window for the stream has room and the connection is below its watermark.
 *
 * <p>The stream ends when Netty's stream has closed and everything received was delivered; a RST_STREAM, a
 * stream error or the connection's end resets it instead.
 */
abstract class AbstractHttp2Stream implements StreamEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractHttp2Stream.class);

    final Http2StreamConnection owner;
    final Http2FrameStream frameStream;
    private final ArrayDeque<Object> held = new ArrayDeque<>(2);
    private StreamDecoder decoder;
    private StreamCallbacks callbacks;
    private boolean readEnabled = true;
    private boolean draining;
    private boolean inboundHeadersDelivered;
    /** END_STREAM arrived (perhaps still held). */
    private boolean remoteEnded;
    /** END_STREAM was delivered to the decoder. */
    private boolean inboundComplete;
    private boolean outboundStarted;
    private boolean outboundComplete;
    private boolean nettyClosed;
    private boolean reportedWritable = true;
    private StreamResetReason resetReason;
    /** Nothing more is delivered or sent. */
    private boolean done;

    AbstractHttp2Stream(Http2StreamConnection owner, Http2FrameStream frameStream) {
        this.owner = owner;
        this.frameStream = frameStream;
    }

    /** @return the received headers as the stream's {@link HeaderMap} */
    abstract HeaderMap inboundHeaders(Http2Headers headers);

    /** @return whether received headers are an interim (1xx) response, skipped */
    abstract boolean isInterim(Http2Headers headers);

    /**
     * @return the headers to send, or null to send nothing (an interim response)
     * @throws IllegalArgumentException if they cannot be sent
     */
    abstract Http2Headers outboundHeaders(HeaderMap headers);

    /** The received message was delivered whole. */
    abstract void onInboundComplete();

    /** @param written completes when the last frame of the sent message was written */
    abstract void onOutboundComplete(ChannelFuture written);

    /** @param written completes when the first HEADERS frame was written */
    void onHeadersWritten(ChannelFuture written) {
    }

    void decoder(StreamDecoder decoder) {
        this.decoder = decoder;
    }

    boolean isDone() {
        return done;
    }

    boolean remoteEnded() {
        return remoteEnded;
    }

    boolean outboundComplete() {
        return outboundComplete;
    }

    // ---- received frames

    void onInboundHeaders(Http2HeadersFrame frame) {
        if (done || remoteEnded) {
            return;
        }
        remoteEnded = frame.isEndStream();
        if (!held.isEmpty() || !readEnabled) {
            held.add(frame);
        } else {
            deliverHeaders(frame);
        }
    }

    /**
     * The request of a connection upgraded from HTTP/1.1, complete and bodiless, delivered as this stream's
     * headers.
     */
    void onUpgradeRequest(HeaderMap headers) {
        remoteEnded = true;
        inboundHeadersDelivered = true;
        inboundComplete = true;
        decoder.onHeaders(headers, true);
        afterInboundComplete();
    }

    void onInboundData(Http2DataFrame frame) {
        if (done || remoteEnded) {
            owner.consume(frameStream, frame.initialFlowControlledBytes());
            frame.release();
            return;
        }
        remoteEnded = frame.isEndStream();
        if (!held.isEmpty() || !readEnabled) {
            held.add(frame);
        } else {
            deliverData(frame);
        }
    }

    /** @param errorCode the RST_STREAM's error code; REFUSED_STREAM says the peer did not process the stream */
    void onInboundReset(long errorCode) {
        resetReason = errorCode == Http2Error.REFUSED_STREAM.code()
                ? StreamResetReason.REFUSED_STREAM : StreamResetReason.REMOTE_RESET;
        resetByConnection(resetReason);
    }

    /** Netty closed its stream: both sides ended, or it was reset. */
    void onNettyStreamClosed() {
        nettyClosed = true;
        if (done) {
            owner.streamEnded(this);
        } else if (remoteEnded && outboundComplete) {
            finishIfDelivered();
        } else {
            resetByConnection(resetReason != null ? resetReason
                    : owner.refusedByGoAway(frameStream) ? StreamResetReason.REFUSED_STREAM
                    : owner.goAwayReceived() ? StreamResetReason.REMOTE_RESET : StreamResetReason.PROTOCOL_ERROR);
            owner.streamEnded(this);
        }
    }

    private void deliverHeaders(Http2HeadersFrame frame) {
        if (!inboundHeadersDelivered) {
            if (isInterim(frame.headers()) && !frame.isEndStream()) {
                return;
            }
            inboundHeadersDelivered = true;
            HeaderMap headers = inboundHeaders(frame.headers());
            inboundComplete = frame.isEndStream();
            decoder.onHeaders(headers, inboundComplete);
        } else {
            inboundComplete = true;
            decoder.onTrailers(Http2HeaderMaps.toHeaderMap(frame.headers()));
        }
        if (inboundComplete) {
            afterInboundComplete();
        }
    }

    private void deliverData(Http2DataFrame frame) {
        boolean end = frame.isEndStream();
        owner.consume(frameStream, frame.initialFlowControlledBytes());
        inboundComplete = end;
        decoder.onData(frame.content(), end);
        if (end) {
            afterInboundComplete();
        }
    }

    private void afterInboundComplete() {
        if (!done) {
            onInboundComplete();
            finishIfDelivered();
        }
    }

    private void finishIfDelivered() {
        if (!done && nettyClosed && inboundComplete) {
            done = true;
            owner.streamEnded(this);
        }
    }

    // ---- StreamEncoder

    @Override
    public void encodeHeaders(HeaderMap headers, boolean endOfStream) {
        if (done) {
            return;
        }
        if (outboundStarted) {
            throw new IllegalStateException("headers were already sent on stream " + frameStream.id()
                    + " of connection " + owner.connection.id());
        }
        Http2Headers out;
        try {
            out = outboundHeaders(headers);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        if (out == null) {
            return;
        }
        outboundStarted = true;
        outboundComplete = endOfStream;
        ChannelFuture written = owner.write(new DefaultHttp2HeadersFrame(out, endOfStream).stream(frameStream));
        onHeadersWritten(written);
        if (endOfStream && !done) {
            onOutboundComplete(written);
        }
        owner.flush();
    }

    @Override
    public void encodeData(ByteBuf data, boolean endOfStream) {
        if (done || outboundComplete) {
            data.release();
            return;
        }
        if (!outboundStarted) {
            data.release();
            throw new IllegalStateException("encodeData before encodeHeaders on connection " + owner.connection.id());
        }
        outboundComplete = endOfStream;
        ChannelFuture written = owner.write(new DefaultHttp2DataFrame(data, endOfStream).stream(frameStream));
        if (endOfStream) {
            onOutboundComplete(written);
        }
        owner.flush();
        updateWritability();
    }

    @Override
    public void encodeTrailers(HeaderMap trailers) {
        if (done || outboundComplete) {
            return;
        }
        if (!outboundStarted) {
            throw new IllegalStateException("encodeTrailers before encodeHeaders on connection " + owner.connection.id());
        }
        Http2Headers out = null;
        try {
            out = Http2HeaderMaps.toTrailers(trailers);
        } catch (IllegalArgumentException e) {
            LOG.debug("connection {}: dropping invalid trailers: {}", owner.connection.id(), e.getMessage());
        }
        outboundComplete = true;
        Object frame = out == null || out.isEmpty() ? new DefaultHttp2DataFrame(true).stream(frameStream)
                : new DefaultHttp2HeadersFrame(out, true).stream(frameStream);
        ChannelFuture written = owner.write(frame);
        onOutboundComplete(written);
        owner.flush();
    }

    @Override
    public void reset(StreamResetReason reason) {
        if (!done) {
            done = true;
            releaseHeld();
            owner.resetStream(this, Http2Error.CANCEL);
        }
    }

    @Override
    public boolean isWritable() {
        return owner.connection.isWritable() && (done || owner.flowWritable(frameStream));
    }

    @Override
    public void setReadEnabled(boolean enabled) {
        if (readEnabled == enabled) {
            return;
        }
        readEnabled = enabled;
        if (enabled && !draining) {
            drain();
            owner.flush();
        }
    }

    @Override
    public void setCallbacks(StreamCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** Reports a change of {@link #isWritable()} to the callbacks. */
    void updateWritability() {
        boolean writable = isWritable();
        if (writable != reportedWritable) {
            reportedWritable = writable;
            if (!done && callbacks != null) {
                callbacks.onWritabilityChanged(writable);
            }
        }
    }

    /** Ends the stream quietly from this side, as the protocol requires (no reset is reported). */
    void endLocally(Http2Error error) {
        if (!done) {
            done = true;
            releaseHeld();
            owner.resetStream(this, error);
        }
    }

    /** Ends the stream for a reason outside the proxy: the decoder and the callbacks are told. */
    void resetByConnection(StreamResetReason reason) {
        if (done) {
            return;
        }
        done = true;
        releaseHeld();
        if (decoder != null) {
            decoder.onReset(reason);
        }
        if (callbacks != null) {
            callbacks.onReset(reason);
        }
    }

    private void fail(String why) {
        LOG.warn("connection {}: cannot send on stream {} ({}); resetting it", owner.connection.id(),
                frameStream.id(), why);
        resetByConnection(StreamResetReason.PROTOCOL_ERROR);
        owner.resetStream(this, Http2Error.INTERNAL_ERROR);
    }

    private void drain() {
        draining = true;
        try {
            while (readEnabled && !done && !held.isEmpty()) {
                Object next = held.poll();
                if (next instanceof Http2DataFrame data) {
                    deliverData(data);
                } else {
                    deliverHeaders((Http2HeadersFrame) next);
                }
            }
        } finally {
            draining = false;
        }
    }

    private void releaseHeld() {
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }
}
