package org.mosn4j.plugin.http1;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufUtil;
import java.util.concurrent.TimeUnit;
import org.mosn4j.spi.config.ConfigException;
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
 * A stream filter for the proxy tests, type {@code "tagging"}: before routing it tags the request (or
 * denies it with 403 when it carries {@code x-deny}), after routing it copies the route's per-filter config
 * into a request header (stopping and resuming on a later event loop turn when asked by {@code x-pause}),
 * and it tags the response.
 */
@Extension
public final class TaggingFilterFactory implements StreamFilterFactory {

    @Override
    public String type() {
        return "tagging";
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        String tag = config.path("tag").asText("none");
        return chain -> {
            chain.addReceiverFilter(new BeforeRoute(tag), FilterPhase.BEFORE_ROUTE);
            chain.addReceiverFilter(new AfterRoute(), FilterPhase.AFTER_ROUTE);
            chain.addSenderFilter(new ResponseTag(tag));
        };
    }

    private static final class BeforeRoute implements StreamReceiverFilter {
        private final String tag;
        private StreamReceiverFilterHandler handler;

        BeforeRoute(String tag) {
            this.tag = tag;
        }

        @Override
        public void init(StreamReceiverFilterHandler handler) {
            this.handler = handler;
        }

        @Override
        public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
            if (headers.contains("x-deny")) {
                handler.sendDirectResponse(403, null,
                        ByteBufUtil.writeUtf8(handler.connection().alloc(), "denied by filter\n"));
                return StreamFilterStatus.STOP;
            }
            headers.set("x-tag", tag);
            return StreamFilterStatus.CONTINUE;
        }
    }

    private static final class AfterRoute implements StreamReceiverFilter {
        private StreamReceiverFilterHandler handler;

        @Override
        public void init(StreamReceiverFilterHandler handler) {
            this.handler = handler;
        }

        @Override
        public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
            Object perRoute = handler.route().perFilterConfig("tagging");
            headers.set("x-route-config", perRoute == null ? "none" : ((JsonNode) perRoute).path("tag").asText());
            if (headers.contains("x-pause")) {
                handler.connection().eventLoop().schedule(handler::resume, 50, TimeUnit.MILLISECONDS);
                return StreamFilterStatus.STOP;
            }
            return StreamFilterStatus.CONTINUE;
        }
    }

    private static final class ResponseTag implements StreamSenderFilter {
        private final String tag;

        ResponseTag(String tag) {
            this.tag = tag;
        }

        @Override
        public void init(StreamSenderFilterHandler handler) {
        }

        @Override
        public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
            headers.set("x-response-tag", tag);
            return StreamFilterStatus.CONTINUE;
        }
    }
}
