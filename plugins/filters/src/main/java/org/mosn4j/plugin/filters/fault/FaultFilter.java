package org.mosn4j.plugin.filters.fault;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mosn4j.plugin.filters.common.Chance;
import org.mosn4j.plugin.filters.common.PerRouteConfig;
import org.mosn4j.plugin.filters.common.Replies;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's fault: after routing, decides by the percentages whether to delay it, abort it, or both (the
 * delay first). A delay is a timer on the stream's event loop: the filter returns {@link StreamFilterStatus#STOP}
 * and resumes the stream (or aborts it) when the timer fires; the event loop serves other streams meanwhile, and
 * a stream that ends first cancels the timer. Confined to the stream's event loop.
 */
final class FaultFilter implements StreamReceiverFilter {

    private static final Logger LOG = LoggerFactory.getLogger(FaultFilter.class);

    private final FaultSettings listenerSettings;
    private StreamReceiverFilterHandler handler;
    private ScheduledFuture<?> delay;
    private boolean destroyed;

    FaultFilter(FaultSettings listenerSettings) {
        this.listenerSettings = listenerSettings;
    }

    @Override
    public void init(StreamReceiverFilterHandler handler) {
        this.handler = handler;
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        FaultSettings settings = PerRouteConfig.choose(handler, FaultFilterFactory.TYPE, listenerSettings, FaultSettings.class);
        if (!settings.appliesTo(handler.route(), headers)) {
            return StreamFilterStatus.CONTINUE;
        }
        boolean abort = settings.abortStatus() > 0 && Chance.hit(settings.abortPercentage());
        if (settings.delayNanos() > 0 && Chance.hit(settings.delayPercentage())) {
            LOG.debug("[conn {}] fault: delaying the request by {} ns", handler.connection().id(), settings.delayNanos());
            delay = handler.connection().eventLoop().schedule(() -> afterDelay(settings, abort), settings.delayNanos(),
                    TimeUnit.NANOSECONDS);
            return StreamFilterStatus.STOP;
        }
        if (abort) {
            abort(settings);
            return StreamFilterStatus.STOP;
        }
        return StreamFilterStatus.CONTINUE;
    }

    private void afterDelay(FaultSettings settings, boolean abort) {
        delay = null;
        if (destroyed) {
            return;
        }
        if (abort) {
            abort(settings);
        } else {
            handler.resume();
        }
    }

    private void abort(FaultSettings settings) {
        LOG.debug("[conn {}] fault: aborting the request with {}", handler.connection().id(), settings.abortStatus());
        Replies.text(handler, settings.abortStatus(), "fault filter abort");
    }

    @Override
    public void onDestroy() {
        destroyed = true;
        if (delay != null) {
            delay.cancel(false);
            delay = null;
        }
    }
}
