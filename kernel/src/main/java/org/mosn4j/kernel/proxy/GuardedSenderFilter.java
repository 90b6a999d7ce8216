package org.mosn4j.kernel.proxy;

import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamSenderFilter;
import org.mosn4j.spi.stream.StreamSenderFilterHandler;

/**
 * A response filter as its stream runs it: every callback that throws is reported to the stream, which fails
 * alone (see {@link DownstreamStream#onFilterFailure}), and the chain stops there. A body chunk passed to a
 * throwing {@link #onData} is released if the filter left it alive. Confined to the stream's event loop.
 */
final class GuardedSenderFilter implements StreamSenderFilter {

    private final StreamSenderFilter filter;
    private final String type;
    private final DownstreamStream stream;

    GuardedSenderFilter(StreamSenderFilter filter, String type, DownstreamStream stream) {
        this.filter = filter;
        this.type = type;
        this.stream = stream;
    }

    @Override
    public void init(StreamSenderFilterHandler handler) {
        try {
            filter.init(handler);
        } catch (Throwable t) {
            stream.onFilterFailure(type, "init", FilterFailures.rethrowFatal(t));
        }
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        try {
            return filter.onHeaders(headers, endOfStream);
        } catch (Throwable t) {
            stream.onFilterFailure(type, "onHeaders", FilterFailures.rethrowFatal(t));
            return StreamFilterStatus.STOP;
        }
    }

    @Override
    public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
        try {
            return filter.onData(data, endOfStream);
        } catch (Throwable t) {
            FilterFailures.releaseIfAlive(data);
            stream.onFilterFailure(type, "onData", FilterFailures.rethrowFatal(t));
            return StreamFilterStatus.STOP;
        }
    }

    @Override
    public StreamFilterStatus onTrailers(HeaderMap trailers) {
        try {
            return filter.onTrailers(trailers);
        } catch (Throwable t) {
            stream.onFilterFailure(type, "onTrailers", FilterFailures.rethrowFatal(t));
            return StreamFilterStatus.STOP;
        }
    }

    @Override
    public void onDestroy() {
        try {
            filter.onDestroy();
        } catch (Throwable t) {
            stream.onFilterFailure(type, "onDestroy", FilterFailures.rethrowFatal(t));
        }
    }
}
