package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * A route's {@code route} action: which cluster gets the request and how the request and response are
 * changed on the way. {@code auto_host_rewrite} is accepted for compatibility and has no effect.
 * {@code hash_policy} (a list of {@code {"header": {"key": ...}}}, {@code {"cookie": {"name": ...}}} or
 * {@code {"source_ip": {}}}) and {@code metadata_match} ({@code {"filter_metadata": {"mosn.lb": {...}}}}) are
 * checked by the router, which reports each entry's own path.
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
        List<String> responseHeadersToRemove,
        List<JsonNode> hashPolicy,
        JsonNode metadataMatch) {

    public RouteActionConfig {
        weightedClusters = ConfigBinder.orEmpty(weightedClusters);
        requestHeadersToAdd = ConfigBinder.orEmpty(requestHeadersToAdd);
        requestHeadersToRemove = ConfigBinder.orEmpty(requestHeadersToRemove);
        responseHeadersToAdd = ConfigBinder.orEmpty(responseHeadersToAdd);
        responseHeadersToRemove = ConfigBinder.orEmpty(responseHeadersToRemove);
        hashPolicy = ConfigBinder.orEmpty(hashPolicy);
    }
}
