package com.example.mosn4j.headerguard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;

/**
 * The request side of {@code example_header_guard}, one instance per stream, called on the stream's event loop
 * (so it keeps its handler in a plain field and never blocks).
 *
 * <p>A denied request is answered here: the body buffer is allocated from the connection's allocator and its
 * ownership passes to {@code sendDirectResponse}, which sends and releases it. The filter never holds a request
 * body buffer: it does not override {@code onData}, so chunks go on untouched.
 */
final class GuardRequestFilter implements StreamReceiverFilter {

    private final HeaderGuardSettings settings;
    private StreamReceiverFilterHandler handler;

    GuardRequestFilter(HeaderGuardSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(StreamReceiverFilterHandler handler) {
        this.handler = handler;
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        HeaderGuardSettings.DenyRule denied = settings.firstMatch(headers);
        if (denied == null) {
            settings.requestHeaders().forEach(headers::set);
            return StreamFilterStatus.CONTINUE;
        }
        // A direct response does not pass the sender filters, so the response headers are set here too.
        HeaderMap response = new DefaultHeaderMap(2 + settings.responseHeaders().size());
        response.set("content-type", "text/plain; charset=utf-8");
        settings.responseHeaders().forEach(response::set);
        ByteBuf body = denied.body().isEmpty() ? null : ByteBufUtil.writeUtf8(handler.connection().alloc(), denied.body());
        handler.sendDirectResponse(denied.status(), response, body);
        return StreamFilterStatus.STOP;
    }
}
