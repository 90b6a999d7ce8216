package org.mosn4j.spi.stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.config.ConfigException;

/**
 * Extension point for a stream filter, named by a listener's {@code stream_filters[].type} and by the keys
 * of {@code per_filter_config}. Methods run at startup (and on config changes), before any port is bound,
 * and report problems as {@link ConfigException}s naming the JSON path.
 */
public interface StreamFilterFactory extends TypedExtension {

    /**
     * @param config the filter's {@code config} block (an empty object when absent)
     * @param context where it is configured
     * @return the per-stream installer
     */
    StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException;

    /**
     * Parses a {@code per_filter_config} entry for this filter type from a virtual host or route. Filters
     * read the result with {@link RouteInfo#perFilterConfig}.
     *
     * @param config the entry
     * @param path its JSON path
     * @return the parsed config (by default the JSON as written)
     */
    default Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
        return config;
    }
}
