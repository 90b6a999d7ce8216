package org.mosn4j.plugin.filters.payloadlimit;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.pf4j.Extension;

/**
 * The {@code payload_limit} stream filter (MOSN's type and fields): {@code max_entity_size} and
 * {@code http_status}. Runs after routing, so a route's {@code per_filter_config} can replace it. Stateless.
 */
@Extension
public final class PayloadLimitFilterFactory implements StreamFilterFactory {

    /** The type string. */
    public static final String TYPE = "payload_limit";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        PayloadLimitSettings settings = PayloadLimitSettings.parse(config, context.configPath());
        return chain -> chain.addReceiverFilter(new PayloadLimitFilter(settings), FilterPhase.AFTER_ROUTE);
    }

    @Override
    public Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
        return PayloadLimitSettings.parse(config, path);
    }
}
