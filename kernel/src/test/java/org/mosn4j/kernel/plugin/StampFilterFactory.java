package org.mosn4j.kernel.plugin;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * A stream filter packed into plugin jars by {@link TestPluginJar} (it has no {@code @Extension}, so the test
 * classpath does not provide it): type {@code "stamp"}, config {@code {"value": "..."}}, required. Each stream
 * gets a request filter and a response filter that set {@code x-stamp} to the value.
 */
public final class StampFilterFactory implements StreamFilterFactory {

    @Override
    public String type() {
        return "stamp";
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        JsonNode value = config.get("value");
        if (value == null || !value.isTextual()) {
            throw new ConfigException(context.configPath() + ".value", "expected a string, got " + value);
        }
        String stamp = value.asText();
        return chain -> {
            chain.addReceiverFilter(new RequestStamp(stamp), FilterPhase.BEFORE_ROUTE);
            chain.addSenderFilter(new ResponseStamp(stamp));
        };
    }

    static final class RequestStamp implements StreamReceiverFilter {
        private final String stamp;

        RequestStamp(String stamp) {
            this.stamp = stamp;
        }

        @Override
        public void init(StreamReceiverFilterHandler handler) {
        }

        @Override
        public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
            headers.set("x-stamp", stamp);
            return StreamFilterStatus.CONTINUE;
        }
    }

    static final class ResponseStamp implements StreamSenderFilter {
        private final String stamp;

        ResponseStamp(String stamp) {
            this.stamp = stamp;
        }

        @Override
        public void init(StreamSenderFilterHandler handler) {
        }

        @Override
        public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
            headers.set("x-stamp", stamp);
            return StreamFilterStatus.CONTINUE;
        }
    }
}
