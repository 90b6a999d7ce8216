package org.mosn4j.plugin.filters.flowcontrol;

import com.alibaba.csp.sentinel.Entry;
import com.alibaba.csp.sentinel.EntryType;
import com.alibaba.csp.sentinel.SphU;
import com.alibaba.csp.sentinel.slots.block.BlockException;
import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's flow control, after routing: asks Sentinel for an entry to the request's resource, answers
 * with the configured reply when a rule refuses it, and exits the entry when the stream ends.
 *
 * <p>Streams are asynchronous, so the entry is one of Sentinel's async entries: it is not bound to the thread's
 * call context and stays open while the request is in flight (which is what a rule on requests in flight,
 * grade 0, counts). It is exited exactly once, in {@link #onDestroy}, which the stream calls however it ends
 * (completed, reset, answered by another filter). Confined to the stream's event loop.
 */
final class FlowControlFilter implements StreamReceiverFilter {

    private static final Logger LOG = LoggerFactory.getLogger(FlowControlFilter.class);

    private final FlowControlPolicy policy;
    private StreamReceiverFilterHandler handler;
    private Entry entry;

    FlowControlFilter(FlowControlPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void init(StreamReceiverFilterHandler handler) {
        this.handler = handler;
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        FlowControlSettings settings = policy.settingsFor(handler.route());
        if (!settings.enabled()) {
            return StreamFilterStatus.CONTINUE;
        }
        String resource = settings.keyType().resourceOf(headers);
        if (resource == null || !policy.rules().guards(resource)) {
            return StreamFilterStatus.CONTINUE;
        }
        try {
            entry = SphU.asyncEntry(resource, EntryType.IN);
            return StreamFilterStatus.CONTINUE;
        } catch (BlockException limited) {
            if (settings.monitor()) {
                policy.monitorReport().wouldLimit(resource);
                return StreamFilterStatus.CONTINUE;
            }
            LOG.debug("[conn {}] request to {} limited by a flow rule", handler.connection().id(), resource);
            reply(settings);
            return StreamFilterStatus.STOP;
        }
    }

    private void reply(FlowControlSettings settings) {
        HeaderMap headers = null;
        ByteBuf body = null;
        if (settings.body().length > 0) {
            headers = new DefaultHeaderMap(2);
            headers.set("content-type", "text/plain; charset=utf-8");
            body = handler.connection().alloc().buffer(settings.body().length).writeBytes(settings.body());
        }
        handler.sendDirectResponse(settings.status(), headers, body);
    }

    @Override
    public void onDestroy() {
        Entry open = entry;
        if (open != null) {
            entry = null;
            open.exit();
        }
    }
}
