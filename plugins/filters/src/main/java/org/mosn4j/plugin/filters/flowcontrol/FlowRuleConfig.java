package org.mosn4j.plugin.filters.flowcontrol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code rules}: a Sentinel flow rule with Sentinel's field names (MOSN passes them to Sentinel as
 * written). {@code threshold} is sentinel-golang's name for Sentinel's {@code count}; either may be given.
 *
 * @param resource the resource the rule limits (a request path with {@code limit_key_type} PATH)
 * @param limitApp the caller the rule applies to; requests here carry no caller, so every rule applies to all
 * @param grade 1 (the default): requests per second; 0: requests in flight
 * @param threshold the limit
 * @param count the limit, Sentinel's name for it
 * @param strategy 0 (the default): count the resource itself; 1: count {@code refResource}
 * @param refResource the resource counted with strategy 1
 * @param controlBehavior 0 (the default): reject at once; queueing and warm-up are not supported
 * @param clusterMode Sentinel's cluster flow control; not supported
 */
record FlowRuleConfig(
        String resource,
        @JsonProperty("limitApp") String limitApp,
        Integer grade,
        Double threshold,
        Double count,
        Integer strategy,
        @JsonProperty("refResource") String refResource,
        @JsonProperty("controlBehavior") Integer controlBehavior,
        @JsonProperty("clusterMode") Boolean clusterMode) {
}
