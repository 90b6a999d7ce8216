package org.mosn4j.kernel.proxy;

import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.mosn4j.spi.stream.StreamSenderFilter;
import org.mosn4j.spi.stream.StreamSenderFilterHandler;

/**
 * A request or response filter as its stream runs it: every callback that throws is reported to the stream, which
 * fails alone (see {@link DownstreamStream#onFilterFailure}), and the chain stops there. A body chunk passed to a
 * throwing {@link #onData} is released if the filter left it alive. Both filter kinds share every callback but
 * {@code init}, so one class guards either: exactly one of its two filters is set. Confined to the stream's event
 * loop.
 */
final class GuardedFilter implements StreamReceiverFilter, StreamSenderFilter {

    private final StreamReceiverFilter receiver;
    private final StreamSenderFilter sender;
    private final String type;
    private final DownstreamStream stream;

    private GuardedFilter(StreamReceiverFilter receiver, StreamSenderFilter sender, String type,
            DownstreamStream stream) {
        this.receiver = receiver;
        this.sender = sender;
        this.type = type;
        this.stream = stream;
    }

    /** @return {@code filter} guarded, reporting failures as its {@code type} to {@code stream} */
    static GuardedFilter request(StreamReceiverFilter filter, String type, DownstreamStream stream) {
        return new GuardedFilter(filter, null, type, stream);
    }

    /** @return {@code filter} guarded, reporting failures as its {@code type} to {@code stream} */
    static GuardedFilter response(StreamSenderFilter filter, String type, DownstreamStream stream) {
        return new GuardedFilter(null, filter, type, stream);
    }

    @Override
    public void init(StreamReceiverFilterHandler handler) {
        try {
            receiver.init(handler);
        } catch (Throwable t) {
            stream.onFilterFailure(type, "init", FilterFailures.rethrowFatal(t));
        }
    }

    @Override
    public void init(StreamSenderFilterHandler handler) {
        try {
            sender.init(handler);
        } catch (Throwable t) {
            stream.onFilterFailure(type, "init", FilterFailures.rethrowFatal(t));
        }
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        try {
            return receiver != null ? receiver.onHeaders(headers, endOfStream) : sender.onHeaders(headers, endOfStream);
        } catch (Throwable t) {
            stream.onFilterFailure(type, "onHeaders", FilterFailures.rethrowFatal(t));
            return StreamFilterStatus.STOP;
        }
    }

    @Override
    public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
        try {
            return receiver != null ? receiver.onData(data, endOfStream) : sender.onData(data, endOfStream);
        } catch (Throwable t) {
            FilterFailures.releaseIfAlive(data);
            stream.onFilterFailure(type, "onData", FilterFailures.rethrowFatal(t));
            return StreamFilterStatus.STOP;
        }
    }

    @Override
    public StreamFilterStatus onTrailers(HeaderMap trailers) {
        try {
            return receiver != null ? receiver.onTrailers(trailers) : sender.onTrailers(trailers);
        } catch (Throwable t) {
            stream.onFilterFailure(type, "onTrailers", FilterFailures.rethrowFatal(t));
            return StreamFilterStatus.STOP;
        }
    }

    @Override
    public void onDestroy() {
        try {
            if (receiver != null) {
                receiver.onDestroy();
            } else {
                sender.onDestroy();
            }
        } catch (Throwable t) {
            stream.onFilterFailure(type, "onDestroy", FilterFailures.rethrowFatal(t));
        }
    }
}
