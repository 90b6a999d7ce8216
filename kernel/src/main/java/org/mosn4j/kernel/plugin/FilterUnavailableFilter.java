package org.mosn4j.kernel.plugin;

import io.netty.buffer.ByteBufUtil;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;

/**
 * Stands in for a stream filter whose plugin is disabled or unloaded when its config says
 * {@code "on_plugin_disabled": "reject"}: answers the request 503 before routing, naming the filter type in
 * {@link #HEADER}. One instance per stream, on its event loop.
 */
final class FilterUnavailableFilter implements StreamReceiverFilter {

    /** The response header naming the unavailable filter type. */
    static final String HEADER = "x-mosn4j-filter-unavailable";
    static final int STATUS = 503;

    private final String type;
    private final String reason;
    private StreamReceiverFilterHandler handler;

    /**
     * @param type the filter type
     * @param reason why it is unavailable, for the response body
     */
    FilterUnavailableFilter(String type, String reason) {
        this.type = type;
        this.reason = reason;
    }

    @Override
    public void init(StreamReceiverFilterHandler handler) {
        this.handler = handler;
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        HeaderMap response = new DefaultHeaderMap(4);
        response.set("content-type", "text/plain; charset=utf-8");
        response.set(HEADER, type);
        handler.sendDirectResponse(STATUS, response, ByteBufUtil.writeUtf8(handler.connection().alloc(),
                "stream filter \"" + type + "\" is unavailable: " + reason + "\n"));
        return StreamFilterStatus.STOP;
    }
}
