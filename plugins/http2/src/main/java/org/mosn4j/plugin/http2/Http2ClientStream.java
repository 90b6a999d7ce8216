package org.mosn4j.plugin.http2;

import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * A request sent on an upstream connection; its response goes to the stream's decoder. Interim (1xx)
 * responses are skipped. When the response ends before the request has, the rest of the request is not sent
 * and the stream is cancelled.
 */
final class Http2ClientStream extends AbstractHttp2Stream {

    private final Http2ClientConnection client;

    Http2ClientStream(Http2ClientConnection owner, Http2FrameStream frameStream) {
        super(owner, frameStream);
        this.client = owner;
    }

    @Override
    HeaderMap inboundHeaders(Http2Headers headers) {
        return Http2HeaderMaps.toHeaderMap(headers);
    }

    @Override
    boolean isInterim(Http2Headers headers) {
        CharSequence status = headers.status();
        return status != null && status.length() == 3 && status.charAt(0) == '1';
    }

    @Override
    Http2Headers outboundHeaders(HeaderMap headers) {
        return Http2HeaderMaps.toRequestHeaders(headers);
    }

    @Override
    void onHeadersWritten(ChannelFuture written) {
        written.addListener(f -> {
            if (!f.isSuccess()) {
                client.onRequestStartFailed(this, f.cause());
            }
        });
    }

    @Override
    void onInboundComplete() {
        if (!outboundComplete()) {
            endLocally(Http2Error.CANCEL);
        }
    }

    @Override
    void onOutboundComplete(ChannelFuture written) {
    }
}
