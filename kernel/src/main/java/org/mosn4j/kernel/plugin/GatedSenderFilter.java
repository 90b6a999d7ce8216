package org.mosn4j.kernel.plugin;

import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamSenderFilter;
import org.mosn4j.spi.stream.StreamSenderFilterHandler;

/**
 * A plugin's response filter on one stream, counted in its plugin's {@link PluginGate} until the stream
 * destroys it. Confined to the stream's event loop, like the filter it wraps; buffers pass through untouched.
 */
final class GatedSenderFilter implements StreamSenderFilter {

    private final StreamSenderFilter delegate;
    private final PluginGate gate;
    private boolean destroyed;

    GatedSenderFilter(StreamSenderFilter delegate, PluginGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    @Override
    public void init(StreamSenderFilterHandler handler) {
        delegate.init(handler);
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        return delegate.onHeaders(headers, endOfStream);
    }

    @Override
    public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
        return delegate.onData(data, endOfStream);
    }

    @Override
    public StreamFilterStatus onTrailers(HeaderMap trailers) {
        return delegate.onTrailers(trailers);
    }

    /** Destroys the filter and uncounts it, also when the filter throws (the stream reports that). */
    @Override
    public void onDestroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        try {
            delegate.onDestroy();
        } finally {
            gate.release();
        }
    }
}
