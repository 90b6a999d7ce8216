package org.mosn4j.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.mosn4j.spi.stream.StreamSenderFilter;
import org.mosn4j.spi.stream.StreamSenderFilterHandler;

/**
 * A broken stream filter, type {@code "throwing"}, that {@link FiltersIsolationIT} packs into a plugin jar of its
 * own: it throws from the callback a request's path names in its query, {@code throw=request-headers} or
 * {@code throw=response-data}, and lets other requests through.
 */
public final class FiltersThrowingFilterFactory implements StreamFilterFactory {

    /** The message of what the filter throws. */
    static final String MESSAGE = "deliberate failure of the throwing test filter";

    @Override
    public String type() {
        return "throwing";
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) {
        return chain -> {
            chain.addReceiverFilter(new OnRequest(), FilterPhase.BEFORE_ROUTE);
            chain.addSenderFilter(new OnResponse());
        };
    }

    private static void throwIf(HeaderMap request, String where) {
        String path = request == null ? null : request.get(":path");
        if (path != null && path.contains("throw=" + where)) {
            throw new IllegalStateException(MESSAGE + " (" + where + ")");
        }
    }

    private static final class OnRequest implements StreamReceiverFilter {
        @Override
        public void init(StreamReceiverFilterHandler handler) {
        }

        @Override
        public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
            throwIf(headers, "request-headers");
            return StreamFilterStatus.CONTINUE;
        }
    }

    private static final class OnResponse implements StreamSenderFilter {
        private StreamSenderFilterHandler handler;

        @Override
        public void init(StreamSenderFilterHandler handler) {
            this.handler = handler;
        }

        @Override
        public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
            return StreamFilterStatus.CONTINUE;
        }

        @Override
        public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
            throwIf(handler.requestHeaders(), "response-data");
            return StreamFilterStatus.CONTINUE;
        }
    }
}
