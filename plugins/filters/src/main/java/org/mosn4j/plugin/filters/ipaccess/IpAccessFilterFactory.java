package org.mosn4j.plugin.filters.ipaccess;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.pf4j.Extension;

/**
 * The {@code ip_access} stream filter (MOSN's type and fields): {@code default_action}, {@code header},
 * {@code ips} [{action, addrs}], plus {@code deny_status}. Runs after routing, so a route's
 * {@code per_filter_config} can replace it. Stateless.
 */
@Extension
public final class IpAccessFilterFactory implements StreamFilterFactory {

    /** The type string. */
    public static final String TYPE = "ip_access";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        IpAccessSettings settings = IpAccessSettings.parse(config, context.configPath());
        return chain -> chain.addReceiverFilter(new IpAccessFilter(settings), FilterPhase.AFTER_ROUTE);
    }

    @Override
    public Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
        return IpAccessSettings.parse(config, path);
    }
}
