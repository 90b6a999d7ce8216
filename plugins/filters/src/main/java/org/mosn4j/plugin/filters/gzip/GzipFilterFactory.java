package org.mosn4j.plugin.filters.gzip;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.pf4j.Extension;

/**
 * The {@code gzip} stream filter (MOSN's type and fields): {@code gzip_level}, {@code content_length} (the
 * smallest response compressed) and {@code content_types}. A response filter; a route's
 * {@code per_filter_config} can replace its config. Stateless.
 */
@Extension
public final class GzipFilterFactory implements StreamFilterFactory {

    /** The type string. */
    public static final String TYPE = "gzip";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        GzipSettings settings = GzipSettings.parse(config, context.configPath());
        return chain -> chain.addSenderFilter(new GzipFilter(settings));
    }

    @Override
    public Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
        return GzipSettings.parse(config, path);
    }
}
