package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * One entry of a listener's {@code filter_chains}. With TLS, a listener may have several: a connection goes to
 * the chain whose {@code tls_context} (or one of whose {@code tls_context_set} entries) answers for the SNI
 * name of its ClientHello, the first chain by default; {@code match} is not read.
 */
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
