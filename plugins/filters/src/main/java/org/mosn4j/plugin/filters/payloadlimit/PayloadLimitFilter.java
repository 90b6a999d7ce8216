package org.mosn4j.plugin.filters.payloadlimit;

import io.netty.buffer.ByteBuf;
import org.mosn4j.plugin.filters.common.PerRouteConfig;
import org.mosn4j.plugin.filters.common.Replies;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's body limit. A {@code Content-Length} over the limit is answered at once, before anything goes
 * upstream; otherwise the body is counted chunk by chunk as it streams, and the chunk that crosses the limit is
 * dropped and the request answered with the configured status, or, when the response has already started,
 * the stream is reset (the kernel decides which). Nothing is buffered. Confined to the stream's event loop.
 */
final class PayloadLimitFilter implements StreamReceiverFilter {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadLimitFilter.class);

    private final PayloadLimitSettings listenerSettings;
    private StreamReceiverFilterHandler handler;
    private PayloadLimitSettings settings;
    private long received;

    PayloadLimitFilter(PayloadLimitSettings listenerSettings) {
        this.listenerSettings = listenerSettings;
    }

    @Override
    public void init(StreamReceiverFilterHandler handler) {
        this.handler = handler;
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        PayloadLimitSettings chosen = PerRouteConfig.choose(handler, PayloadLimitFilterFactory.TYPE, listenerSettings,
                PayloadLimitSettings.class);
        if (!chosen.limits() || endOfStream) {
            return StreamFilterStatus.CONTINUE;
        }
        long declared = contentLength(headers.get("content-length"));
        if (declared > chosen.maxEntitySize()) {
            reject(chosen, "Content-Length " + declared);
            return StreamFilterStatus.STOP;
        }
        settings = chosen;
        return StreamFilterStatus.CONTINUE;
    }

    @Override
    public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
        if (settings == null) {
            return StreamFilterStatus.CONTINUE;
        }
        received += data.readableBytes();
        if (received > settings.maxEntitySize()) {
            data.release();
            reject(settings, received + " body bytes so far");
            return StreamFilterStatus.STOP;
        }
        return StreamFilterStatus.CONTINUE;
    }

    private void reject(PayloadLimitSettings limit, String what) {
        LOG.debug("[conn {}] payload_limit: {} is over the limit of {} bytes", handler.connection().id(), what,
                limit.maxEntitySize());
        Replies.text(handler, limit.status(), "request body larger than " + limit.maxEntitySize() + " bytes");
    }

    /** @return the declared body size, or -1 when absent or not a plain number (the protocol checks those) */
    private static long contentLength(String value) {
        if (value == null || value.isEmpty() || value.length() > 18) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }
}
