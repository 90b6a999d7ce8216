package org.mosn4j.plugin.http2;

import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * A request received on a downstream connection; as a {@link org.mosn4j.spi.stream.StreamEncoder} it sends the
 * response. Interim (1xx) responses are not relayed. When the response ends before the request has, the rest
 * of the request is refused with RST_STREAM(NO_ERROR) once the response is out (RFC 9113, section 8.1).
 */
final class Http2ServerStream extends AbstractHttp2Stream {

    Http2ServerStream(Http2StreamConnection owner, Http2FrameStream frameStream) {
        super(owner, frameStream);
    }

    @Override
    HeaderMap inboundHeaders(Http2Headers headers) {
        return Http2HeaderMaps.toRequestMap(headers, owner.connection.remoteAddress());
    }

    @Override
    boolean isInterim(Http2Headers headers) {
        return false;
    }

    @Override
    Http2Headers outboundHeaders(HeaderMap headers) {
        int status = Http2HeaderMaps.status(headers);
        if (status < 0) {
            throw new IllegalArgumentException("invalid :status " + headers.get(":status"));
        }
        return status < 200 ? null : Http2HeaderMaps.toResponseHeaders(headers, status);
    }

    @Override
    void onInboundComplete() {
    }

    @Override
    void onOutboundComplete(ChannelFuture written) {
        written.addListener(f -> {
            if (f.isSuccess() && !remoteEnded() && !isDone()) {
                endLocally(Http2Error.NO_ERROR);
            }
        });
    }
}
