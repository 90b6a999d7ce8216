package org.mosn4j.kernel.config;

import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * A route's {@code route} action: which cluster gets the request and how the request and response are
 * changed on the way. {@code auto_host_rewrite} is accepted for compatibility and has no effect.
 */
public record RouteActionConfig(
        String clusterName,
        String clusterHeader,
        List<WeightedClusterConfig> weightedClusters,
        String upstreamProtocol,
        Duration timeout,
        RetryPolicyConfig retryPolicy,
        String prefixRewrite,
        RegexRewriteConfig regexRewrite,
        String hostRewrite,
        Boolean autoHostRewrite,
        List<HeaderValueOptionConfig> requestHeadersToAdd,
        List<String> requestHeadersToRemove,
        List<HeaderValueOptionConfig> responseHeadersToAdd,
        List<String> responseHeadersToRemove) {

    public RouteActionConfig {
        weightedClusters = ConfigBinder.orEmpty(weightedClusters);
        requestHeadersToAdd = ConfigBinder.orEmpty(requestHeadersToAdd);
        requestHeadersToRemove = ConfigBinder.orEmpty(requestHeadersToRemove);
        responseHeadersToAdd = ConfigBinder.orEmpty(responseHeadersToAdd);
        responseHeadersToRemove = ConfigBinder.orEmpty(responseHeadersToRemove);
    }
}
