package org.mosn4j.plugin.filters.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import org.mosn4j.kernel.proxy.TypedStreamFilterInstaller;
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
import org.pf4j.Extension;

/**
 * A broken stream filter for the failure isolation tests, type {@code "throwing"}: it throws from the callback
 * a request's {@code x-throw} header names ({@code request-headers}, {@code request-data},
 * {@code response-headers}, {@code response-data}) and lets every other request through. Its installer names
 * its type the way the kernel's own wrapper does for configured filters.
 */
@Extension
public final class ThrowingFilterFactory implements StreamFilterFactory {

    /** The message of what the filter throws. */
    public static final String MESSAGE = "deliberate failure of the throwing test filter";

    @Override
    public String type() {
        return "throwing";
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) {
        return TypedStreamFilterInstaller.of(type(), chain -> {
            chain.addReceiverFilter(new OnRequest(), FilterPhase.BEFORE_ROUTE);
            chain.addSenderFilter(new OnResponse());
        });
    }

    private static void throwIf(HeaderMap request, String where) {
        if (request != null && where.equals(request.get("x-throw"))) {
            throw new IllegalStateException(MESSAGE + " (" + where + ")");
        }
    }

    private static final class OnRequest implements StreamReceiverFilter {
        private StreamReceiverFilterHandler handler;

        @Override
        public void init(StreamReceiverFilterHandler handler) {
            this.handler = handler;
        }

        @Override
        public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
            throwIf(headers, "request-headers");
            return StreamFilterStatus.CONTINUE;
        }

        @Override
        public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
            throwIf(handler.requestHeaders(), "request-data");
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
            throwIf(handler.requestHeaders(), "response-headers");
            return StreamFilterStatus.CONTINUE;
        }

        @Override
        public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
            throwIf(handler.requestHeaders(), "response-data");
            return StreamFilterStatus.CONTINUE;
        }
    }
}
