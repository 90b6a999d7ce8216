package org.mosn4j.plugin.filters.fault;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.pf4j.Extension;

/**
 * The {@code fault} stream filter (MOSN's type and fields): {@code delay} {fixed_delay, percentage},
 * {@code abort} {status, percentage}, limited to requests routed to {@code upstream_cluster} and matching all of
 * {@code headers}. Runs after routing, so a route's {@code per_filter_config} can replace it. Stateless.
 */
@Extension
public final class FaultFilterFactory implements StreamFilterFactory {

    /** The type string. */
    public static final String TYPE = "fault";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        FaultSettings settings = FaultSettings.parse(config, context.configPath());
        return chain -> chain.addReceiverFilter(new FaultFilter(settings), FilterPhase.AFTER_ROUTE);
    }

    @Override
    public Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
        return FaultSettings.parse(config, path);
    }
}
