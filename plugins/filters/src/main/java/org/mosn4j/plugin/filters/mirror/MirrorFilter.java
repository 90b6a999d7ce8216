package org.mosn4j.plugin.filters.mirror;

import io.netty.buffer.ByteBuf;
import org.mosn4j.plugin.filters.common.Chance;
import org.mosn4j.plugin.filters.common.PerRouteConfig;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's copy: after routing, a request picked by the percentage has its headers copied (the
 * {@code :authority} host gets a {@code -shadow} suffix, so the shadow service can tell copies apart) and its
 * body copied chunk by chunk as it passes, up to {@code max_body_bytes}; when the request has fully arrived the
 * copy is handed to {@link StreamReceiverFilterHandler#sendShadowRequest}. The request itself goes on untouched
 * and never waits for the copy. A body over the limit, or a request that ends early, is not mirrored.
 *
 * <p>Confined to the stream's event loop. Buffers: the chunks passing through stay the stream's; the copy is
 * this filter's until handed over, and released in {@link #onDestroy} otherwise.
 */
final class MirrorFilter implements StreamReceiverFilter {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorFilter.class);

    private final MirrorSettings listenerSettings;
    private StreamReceiverFilterHandler handler;
    private MirrorSettings settings;
    private HeaderMap headers;
    private ByteBuf body;

    MirrorFilter(MirrorSettings listenerSettings) {
        this.listenerSettings = listenerSettings;
    }

    @Override
    public void init(StreamReceiverFilterHandler handler) {
        this.handler = handler;
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap request, boolean endOfStream) {
        MirrorSettings chosen = PerRouteConfig.choose(handler, MirrorFilterFactory.TYPE, listenerSettings,
                MirrorSettings.class);
        if (chosen.disabled() || !Chance.hit(chosen.percent())) {
            return StreamFilterStatus.CONTINUE;
        }
        settings = chosen;
        headers = request.copy();
        markShadow(headers);
        if (endOfStream) {
            send();
        }
        return StreamFilterStatus.CONTINUE;
    }

    @Override
    public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
        if (headers == null) {
            return StreamFilterStatus.CONTINUE;
        }
        int size = data.readableBytes();
        long copied = body == null ? 0 : body.readableBytes();
        if (copied + size > settings.maxBodyBytes()) {
            LOG.debug("[conn {}] mirror: request body over {} bytes, not mirrored", handler.connection().id(),
                    settings.maxBodyBytes());
            abandon();
            return StreamFilterStatus.CONTINUE;
        }
        if (size > 0) {
            if (body == null) {
                body = handler.connection().alloc().buffer(size, (int) settings.maxBodyBytes());
            }
            body.writeBytes(data, data.readerIndex(), size);
        }
        if (endOfStream) {
            send();
        }
        return StreamFilterStatus.CONTINUE;
    }

    @Override
    public StreamFilterStatus onTrailers(HeaderMap trailers) {
        if (headers != null) {
            send();
        }
        return StreamFilterStatus.CONTINUE;
    }

    private void send() {
        HeaderMap copy = headers;
        ByteBuf copiedBody = body;
        headers = null;
        body = null;
        // The copy goes out whole: it needs neither chunked framing nor a 100-continue handshake.
        copy.remove("transfer-encoding");
        copy.remove("expect");
        if (copiedBody != null) {
            copy.set("content-length", Integer.toString(copiedBody.readableBytes()));
        }
        if (!handler.sendShadowRequest(settings.cluster(), copy, copiedBody, settings.timeout())) {
            LOG.debug("[conn {}] mirror: no shadow request to cluster {} (unknown, no host, or too many in flight)",
                    handler.connection().id(), settings.cluster());
        }
    }

    private void abandon() {
        headers = null;
        if (body != null) {
            body.release();
            body = null;
        }
    }

    /** Appends {@code -shadow} to the host of {@code :authority}, keeping a port. */
    private static void markShadow(HeaderMap headers) {
        String authority = headers.get(HeaderNames.AUTHORITY);
        if (authority == null || authority.isEmpty()) {
            return;
        }
        int colon = authority.lastIndexOf(':');
        boolean hasPort = colon > authority.lastIndexOf(']');
        headers.set(HeaderNames.AUTHORITY, hasPort
                ? authority.substring(0, colon) + "-shadow" + authority.substring(colon)
                : authority + "-shadow");
    }

    @Override
    public void onDestroy() {
        abandon();
    }
}
