package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.StreamConnection;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server and client sides of HTTP/2 share: the embedded frame codec, the streams by Netty stream,
 * routing of received frames and stream events to them, flow-control bookkeeping, and the connection's end.
 */
abstract class Http2StreamConnection implements StreamConnection, EmbeddedHttp2Codec.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(Http2StreamConnection.class);

    final Connection connection;
    final Http2Limits limits;
    final EmbeddedHttp2Codec codec;
    /** Streams not yet ended, by Netty's stream (compared by identity). */
    final Map<Http2FrameStream, AbstractHttp2Stream> streams = new HashMap<>();
    private boolean peerClosed;
    boolean closed;

    Http2StreamConnection(Connection connection, Http2Limits limits, Http2FrameCodec frameCodec) {
        this.connection = connection;
        this.limits = limits;
        this.codec = new EmbeddedHttp2Codec(connection, frameCodec, this);
        Http2Connection http2 = codec.http2();
        try {
            http2.local().flowController().incrementWindowSize(http2.connectionStream(),
                    limits.connectionWindowSize() - Http2CodecUtil.DEFAULT_WINDOW_SIZE);
        } catch (Http2Exception e) {
            throw new IllegalStateException("cannot widen the connection window", e);
        }
        codec.flush();
    }

    /** A HEADERS frame opened a stream this side does not know. */
    abstract void onNewStream(Http2HeadersFrame headers);

    /** A GOAWAY arrived; Netty already closed the streams it does not cover. */
    void onGoAway(Http2GoAwayFrame goAway) {
    }

    /** @param stream a stream that ended and was removed */
    abstract void onStreamEnded(AbstractHttp2Stream stream);

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        if (closed) {
            data.release();
            return;
        }
        codec.decode(data);
        if (endOfStream && !closed) {
            onPeerClosed();
        }
    }

    @Override
    public void onFrame(Object frame) {
        if (frame instanceof Http2GoAwayFrame goAway) {
            try {
                onGoAway(goAway);
            } finally {
                goAway.release();
            }
            return;
        }
        if (!(frame instanceof Http2StreamFrame streamFrame) || streamFrame.stream() == null) {
            ReferenceCountUtil.release(frame);
            return;
        }
        AbstractHttp2Stream stream = streams.get(streamFrame.stream());
        if (frame instanceof Http2HeadersFrame headers) {
            if (stream != null) {
                stream.onInboundHeaders(headers);
            } else if (!closed && !peerClosed) {
                onNewStream(headers);
            }
        } else if (frame instanceof Http2DataFrame data) {
            if (stream != null) {
                stream.onInboundData(data);
            } else {
                consume(data.stream(), data.initialFlowControlledBytes());
                data.release();
            }
        } else if (frame instanceof Http2ResetFrame reset) {
            if (stream != null) {
                stream.onInboundReset(reset.errorCode());
            }
        } else {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void onStreamEvent(Http2FrameStreamEvent event) {
        AbstractHttp2Stream stream = streams.get(event.stream());
        if (stream == null) {
            return;
        }
        if (event.type() == Http2FrameStreamEvent.Type.State) {
            if (event.stream().state() == Http2Stream.State.CLOSED) {
                stream.onNettyStreamClosed();
            }
        } else {
            stream.updateWritability();
        }
    }

    @Override
    public void onError(Throwable cause) {
        if (cause instanceof Http2FrameStreamException e) {
            LOG.debug("connection {}: stream {} failed ({}): {}", connection.id(), e.stream().id(), e.error(),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } else {
            LOG.debug("connection {} with {}: HTTP/2 error: {}", connection.id(), connection.remoteAddress(),
                    cause.toString());
        }
    }

    @Override
    public void onCodecClosed() {
        LOG.info("Http2 connection {} with {}: connection error; GOAWAY sent, closing", connection.id(),
                connection.remoteAddress());
        terminate(StreamResetReason.CONNECTION_TERMINATED);
        connection.close(CloseType.FLUSH_WRITE);
    }

    @Override
    public void onConnectionClosed() {
        terminate(StreamResetReason.CONNECTION_TERMINATED);
    }

    @Override
    public int activeStreams() {
        return streams.size();
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        if (writable) {
            codec.connectionWritable();
            codec.flush();
        }
        for (AbstractHttp2Stream stream : new ArrayList<>(streams.values())) {
            stream.updateWritability();
        }
    }

    ChannelFuture write(Object frame) {
        return codec.write(frame);
    }

    void flush() {
        codec.flush();
    }

    boolean goAwayReceived() {
        return !codec.isClosed() && codec.http2().goAwayReceived();
    }

    /** @return whether this side opened the stream and a GOAWAY received since leaves it out, unprocessed */
    boolean refusedByGoAway(Http2FrameStream stream) {
        if (codec.isClosed() || !codec.http2().goAwayReceived()) {
            return false;
        }
        Http2Connection.Endpoint<?> local = codec.http2().local();
        return local.isValidStreamId(stream.id()) && stream.id() > local.lastStreamKnownByPeer();
    }

    /** Returns the window of {@code bytes} received on {@code stream} to the peer (sent at the next flush). */
    void consume(Http2FrameStream stream, int bytes) {
        if (bytes > 0 && !codec.isClosed()) {
            Http2Stream netty = codec.http2().stream(stream.id());
            // A closed stream's bytes went back to the connection window when it closed.
            if (netty != null && netty.state() != Http2Stream.State.CLOSED) {
                codec.write(new DefaultHttp2WindowUpdateFrame(bytes).stream(stream));
            }
        }
    }

    /** @return whether the peer's window for the stream has room for more DATA */
    boolean flowWritable(Http2FrameStream stream) {
        if (codec.isClosed()) {
            return true;
        }
        Http2Stream netty = codec.http2().stream(stream.id());
        return netty == null || codec.http2().remote().flowController().isWritable(netty);
    }

    /** Sends RST_STREAM for the stream, if the peer knows it; the stream ends when Netty's does. */
    void resetStream(AbstractHttp2Stream stream, Http2Error error) {
        if (!codec.isClosed() && Http2CodecUtil.isStreamIdValid(stream.frameStream.id())) {
            write(new DefaultHttp2ResetFrame(error).stream(stream.frameStream));
            flush();
        }
        Http2Stream netty = codec.isClosed() ? null : codec.http2().stream(stream.frameStream.id());
        if (netty == null || netty.state() == Http2Stream.State.CLOSED) {
            streamEnded(stream);
        }
    }

    /** Removes an ended stream, once. */
    void streamEnded(AbstractHttp2Stream stream) {
        if (streams.get(stream.frameStream) == stream) {
            streams.remove(stream.frameStream);
            onStreamEnded(stream);
            if (peerClosed && streams.isEmpty()) {
                closeConnection();
            }
        }
    }

    /** Resets every stream, releases the codec and closes the connection once its writes are flushed. */
    void closeConnection() {
        if (!closed) {
            terminate(StreamResetReason.CONNECTION_TERMINATED);
            connection.close(CloseType.FLUSH_WRITE);
        }
    }

    /** The peer closed its side: streams still receiving are reset, the others may finish. */
    private void onPeerClosed() {
        peerClosed = true;
        for (AbstractHttp2Stream stream : new ArrayList<>(streams.values())) {
            if (!stream.remoteEnded()) {
                stream.resetByConnection(StreamResetReason.CONNECTION_TERMINATED);
                streamEnded(stream);
            }
        }
        if (streams.isEmpty()) {
            closeConnection();
        }
    }

    private void terminate(StreamResetReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        codec.close();
        List<AbstractHttp2Stream> ended = new ArrayList<>(streams.values());
        streams.clear();
        for (AbstractHttp2Stream stream : ended) {
            stream.resetByConnection(reason);
            onStreamEnded(stream);
        }
    }
}
