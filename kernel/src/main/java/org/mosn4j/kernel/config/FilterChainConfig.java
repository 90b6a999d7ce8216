package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/** One entry of a listener's {@code filter_chains}. */
public record FilterChainConfig(
        JsonNode match,
        TlsContextConfig tlsContext,
        List<TlsContextConfig> tlsContextSet,
        List<FilterConfig> filters) {

    public FilterChainConfig {
        tlsContextSet = ConfigBinder.orEmpty(tlsContextSet);
        filters = ConfigBinder.orEmpty(filters);
    }
}
