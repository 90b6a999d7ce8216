package org.mosn4j.plugin.http2;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Settings;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ClientStreamConnectionCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of HTTP/2 on an upstream connection: many requests at once, each on its own stream, up to
 * the fewer of the configured limit and the server's SETTINGS_MAX_CONCURRENT_STREAMS. The connection preface
 * is held back until the first stream starts or the server speaks, which both happen once the connection is
 * up: so it is written first however the upstream connection orders writes queued while connecting.
 *
 * <p>Each stream's end is reported through {@link ClientStreamConnectionCallbacks#onStreamComplete}; after a
 * GOAWAY the connection takes no new streams and is reported not reusable, and it closes itself once idle.
 */
final class Http2ClientConnection extends Http2StreamConnection implements ClientStreamConnection {

    private static final Logger LOG = LoggerFactory.getLogger(Http2ClientConnection.class);

    private final ClientStreamConnectionCallbacks callbacks;
    private boolean goAway;

    /**
     * @param connection the upstream connection (possibly still connecting)
     * @param callbacks told when each stream ends
     * @param limits the stream limit and the windows to advertise
     */
    Http2ClientConnection(Connection connection, ClientStreamConnectionCallbacks callbacks, Http2Limits limits) {
        super(connection, limits, frameCodec(limits));
        this.callbacks = callbacks;
    }

    private static Http2FrameCodec frameCodec(Http2Limits limits) {
        return Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings()
                        .pushEnabled(false)
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .initialWindowSize(limits.initialWindowSize())
                        .maxHeaderListSize(Http2Limits.MAX_HEADER_LIST_SIZE))
                .encoderEnforceMaxQueuedControlFrames(Http2Limits.MAX_QUEUED_CONTROL_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(Http2Limits.MAX_CONSECUTIVE_EMPTY_DATA_FRAMES)
                .decoderEnforceMaxRstFramesPerWindow(Http2Limits.MAX_RST_FRAMES_PER_WINDOW,
                        Http2Limits.RST_WINDOW_SECONDS)
                .gracefulShutdownTimeoutMillis(0)
                .build();
    }

    @Override
    public StreamEncoder newStream(StreamDecoder responseDecoder) {
        if (!canStartStream()) {
            String why = closed ? "it is closed" : goAway ? "the server sent GOAWAY"
                    : streams.size() + " streams are active";
            throw new IllegalStateException("Http2 connection " + connection.id() + " cannot start a stream: " + why);
        }
        Http2FrameStream frameStream = codec.newStream();
        Http2ClientStream stream = new Http2ClientStream(this, frameStream);
        stream.decoder(responseDecoder);
        streams.put(frameStream, stream);
        return stream;
    }

    @Override
    public boolean canStartStream() {
        if (closed || goAway) {
            return false;
        }
        int peerLimit = codec.http2().local().maxActiveStreams();
        return streams.size() < Math.min(limits.maxConcurrentStreams(), peerLimit);
    }

    @Override
    void onNewStream(Http2HeadersFrame headers) {
        // Push is disabled in this side's SETTINGS, so Netty rejects pushed streams before they get here.
    }

    @Override
    void onGoAway(Http2GoAwayFrame frame) {
        goAway = true;
        LOG.debug("Http2 connection {} to {}: GOAWAY ({}), last stream {}", connection.id(),
                connection.remoteAddress(), Http2Error.valueOf(frame.errorCode()), frame.lastStreamId());
        if (streams.isEmpty()) {
            closeConnection();
        }
    }

    @Override
    void onStreamEnded(AbstractHttp2Stream stream) {
        callbacks.onStreamComplete(!closed && !goAway);
    }

    /** Netty could not open the stream (the server's limit, no stream ids left, or the connection's end). */
    void onRequestStartFailed(Http2ClientStream stream, Throwable cause) {
        Http2Exception http2 = cause instanceof Http2Exception e ? e : null;
        StreamResetReason reason = http2 != null && http2.error() == Http2Error.REFUSED_STREAM
                ? StreamResetReason.REFUSED_STREAM : StreamResetReason.CONNECTION_TERMINATED;
        LOG.debug("Http2 connection {} to {}: cannot start a stream: {}", connection.id(),
                connection.remoteAddress(), cause.toString());
        stream.resetByConnection(reason);
        streamEnded(stream);
    }
}
