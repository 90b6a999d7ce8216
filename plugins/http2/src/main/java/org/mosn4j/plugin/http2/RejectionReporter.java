package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.logging.LogLevel;
import java.util.function.IntPredicate;
import org.mosn4j.spi.protocol.ProtocolRejection;
import org.mosn4j.spi.protocol.ServerStreamListener;

/**
 * Tells a server connection's {@link ServerStreamListener} what Netty's frame codec refused on its own, seen in
 * the frames the codec writes (Netty reports these refusals to no handler): {@code RST_STREAM REFUSED_STREAM}
 * (a stream over SETTINGS_MAX_CONCURRENT_STREAMS), {@code GOAWAY ENHANCE_YOUR_CALM} (a rapid reset, control
 * frame or empty DATA frame flood) and a {@code 431} on a stream the proxy never saw (a header list over
 * SETTINGS_MAX_HEADER_LIST_SIZE). Installed as the codec's frame logger; it logs nothing.
 *
 * <p>Called on the connection's event loop, while the codec writes.
 */
final class RejectionReporter extends Http2FrameLogger {

    private static final String HEADERS_TOO_LARGE = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.codeAsText()
            .toString();

    private final ServerStreamListener listener;
    private IntPredicate proxiedStream = id -> true;

    /** @param listener told about each refusal */
    RejectionReporter(ServerStreamListener listener) {
        super(LogLevel.TRACE, RejectionReporter.class);
        this.listener = listener;
    }

    /** @param proxiedStream whether a stream id is one the proxy answers (so its 431 is the proxy's, not Netty's) */
    void proxiedStreams(IntPredicate proxiedStream) {
        this.proxiedStream = proxiedStream;
    }

    @Override
    public boolean isEnabled() {
        return false;
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.OUTBOUND && errorCode == Http2Error.REFUSED_STREAM.code()) {
            listener.onRejected(ProtocolRejection.STREAM_REFUSED);
        }
    }

    @Override
    public void logGoAway(Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode,
            ByteBuf debugData) {
        if (direction == Direction.OUTBOUND && errorCode == Http2Error.ENHANCE_YOUR_CALM.code()) {
            listener.onRejected(ProtocolRejection.FLOOD);
        }
    }

    @Override
    public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
            int padding, boolean endStream) {
        onHeaders(direction, streamId, headers);
    }

    @Override
    public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
            int streamDependency, short weight, boolean exclusive, int padding, boolean endStream) {
        onHeaders(direction, streamId, headers);
    }

    private void onHeaders(Direction direction, int streamId, Http2Headers headers) {
        if (direction == Direction.OUTBOUND && headers.status() != null
                && HEADERS_TOO_LARGE.contentEquals(headers.status()) && !proxiedStream.test(streamId)) {
            listener.onRejected(ProtocolRejection.HEADERS_TOO_LARGE);
        }
    }
}
