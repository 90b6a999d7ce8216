package org.mosn4j.plugin.http2;

import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Settings;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;

/**
 * The server side of HTTP/2 on a downstream connection: each stream the client opens is reported to the
 * {@link ServerStreamListener} as a request, and its response is sent on that stream.
 *
 * <p>Limits and defences are Netty's: a stream past SETTINGS_MAX_CONCURRENT_STREAMS is refused with
 * REFUSED_STREAM, protocol violations get the RFC's stream or connection errors (a connection error sends
 * GOAWAY and closes the connection), and more than {@link Http2Limits#MAX_RST_FRAMES_PER_WINDOW} RST_STREAM
 * frames in {@link Http2Limits#RST_WINDOW_SECONDS} seconds ("rapid reset") close the connection. Header
 * blocks are limited to {@link Http2Limits#MAX_HEADER_LIST_SIZE} (over it: 431; far over it, however many
 * CONTINUATION frames carry it: GOAWAY), and PING or SETTINGS floods whose acks are not read
 * ({@link Http2Limits#MAX_QUEUED_CONTROL_FRAMES}) and runs of empty DATA frames get GOAWAY ENHANCE_YOUR_CALM.
 * A {@link RejectionReporter} tells the listener about the refused streams, floods and 431s, for its stats.
 */
final class Http2ServerConnection extends Http2StreamConnection implements ServerStreamConnection {

    private final ServerStreamListener listener;
    private boolean goAwaySent;

    /**
     * @param connection the downstream connection
     * @param listener told about each request
     * @param limits the limits to advertise and enforce
     */
    Http2ServerConnection(Connection connection, ServerStreamListener listener, Http2Limits limits) {
        this(connection, listener, limits, new RejectionReporter(listener));
    }

    private Http2ServerConnection(Connection connection, ServerStreamListener listener, Http2Limits limits,
            RejectionReporter rejections) {
        super(connection, limits, frameCodec(limits, rejections));
        this.listener = listener;
        rejections.proxiedStreams(this::proxies);
    }

    /**
     * The server side of a connection that switched from HTTP/1.1 ({@code Upgrade: h2c}) after the {@code 101}
     * was written: the server preface goes out, and the upgrade request is stream 1, half-closed by the client.
     *
     * @param clientSettings the client's {@code HTTP2-Settings}
     * @param request the upgrade request's headers, without the upgrade's own headers
     */
    static Http2ServerConnection upgraded(Connection connection, ServerStreamListener listener, Http2Limits limits,
            Http2Settings clientSettings, HeaderMap request) {
        Http2ServerConnection server = new Http2ServerConnection(connection, listener, limits);
        Http2FrameStream first = server.codec.acceptUpgrade(clientSettings);
        Http2ServerStream stream = new Http2ServerStream(server, first);
        server.streams.put(first, stream);
        stream.decoder(listener.newStream(stream));
        stream.onUpgradeRequest(request);
        return server;
    }

    private static Http2FrameCodec frameCodec(Http2Limits limits, RejectionReporter rejections) {
        return Http2FrameCodecBuilder.forServer()
                .frameLogger(rejections)
                .initialSettings(Http2Settings.defaultSettings()
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

    /** @return whether stream {@code id} was handed to the listener and not yet ended */
    private boolean proxies(int id) {
        for (Http2FrameStream stream : streams.keySet()) {
            if (stream.id() == id) {
                return true;
            }
        }
        return false;
    }

    @Override
    void onNewStream(Http2HeadersFrame headers) {
        Http2ServerStream stream = new Http2ServerStream(this, headers.stream());
        streams.put(headers.stream(), stream);
        StreamDecoder decoder = listener.newStream(stream);
        stream.decoder(decoder);
        stream.onInboundHeaders(headers);
    }

    @Override
    void onStreamEnded(AbstractHttp2Stream stream) {
        if (goAwaySent && streams.isEmpty()) {
            closeConnection();
        }
    }

    /** Sends GOAWAY (NO_ERROR) naming the last stream opened; the connection closes when those have ended. */
    @Override
    public void shutdownGracefully() {
        if (closed || goAwaySent) {
            return;
        }
        goAwaySent = true;
        write(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        flush();
        if (streams.isEmpty()) {
            closeConnection();
        }
    }
}
