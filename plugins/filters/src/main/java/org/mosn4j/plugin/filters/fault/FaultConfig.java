package org.mosn4j.plugin.filters.fault;

import java.time.Duration;
import java.util.List;

/**
 * The {@code fault} filter's JSON block, as MOSN writes it.
 *
 * @param delay the delay to inject, or null
 * @param abort the error to answer with, or null
 * @param upstreamCluster only requests routed to this cluster; null or empty for all
 * @param headers only requests whose headers all match; empty for all
 * @param disabled true turns the filter off (useful in a route's {@code per_filter_config})
 */
record FaultConfig(Delay delay, Abort abort, String upstreamCluster, List<HeaderMatcherConfig> headers,
        Boolean disabled) {

    /**
     * @param fixedDelay how long to hold the request, a Go duration such as {@code "500ms"}
     * @param percentage of the matching requests, 0 to 100; absent: 100
     */
    record Delay(Duration fixedDelay, Integer percentage) {
    }

    /**
     * @param status the status to answer with, 200 to 599
     * @param percentage of the matching requests, 0 to 100; absent: 100
     */
    record Abort(Integer status, Integer percentage) {
    }

    /**
     * @param name the header name (for Dubbo also {@code service}, {@code method}, {@code version}, {@code group})
     * @param value the value to equal, or with {@code regex} a regular expression the whole value must match;
     *              absent: the header only has to be present
     * @param regex whether {@code value} is a regular expression
     */
    record HeaderMatcherConfig(String name, String value, Boolean regex) {
    }
}
