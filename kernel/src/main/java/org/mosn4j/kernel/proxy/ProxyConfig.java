package org.mosn4j.kernel.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code proxy} network filter's config, as MOSN defines it. */
public record ProxyConfig(
        String downstreamProtocol,
        String upstreamProtocol,
        String routerConfigName,
        Boolean fallbackForUnknownProtocol,
        String routerHandlerName,
        Boolean validateClusters,
        JsonNode extendConfig,
        Integer concurrencyNum) {

    /** The protocol name that asks for detection from the first bytes. */
    public static final String AUTO = "Auto";
}
