package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates a route's action: {@code route} (to a cluster), {@code redirect} or {@code direct_response}, into MOSN's
 * shapes.
 *
 * <p>A {@code route} keeps its cluster ({@code cluster_name}, {@code cluster_header} or {@code weighted_clusters}),
 * {@code timeout} (Envoy's default of 15s when unset; 0s turns it off in both), {@code prefix_rewrite},
 * {@code regex_rewrite}, host rewrites, {@code hash_policy} (header, cookie, source IP), {@code metadata_match}
 * ({@code envoy.lb} becomes {@code mosn.lb}) and {@code retry_policy} (a non-empty {@code retry_on} turns retries on;
 * {@code num_retries} defaults to Envoy's 1). When every cluster the route may pick names its HTTP version, the
 * route's {@code upstream_protocol} says it.
 */
final class RouteActionTranslator {

    /** Envoy's route timeout when none is set. */
    static final String DEFAULT_TIMEOUT = "15s";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> ACTION_FIELDS = Set.of("cluster", "cluster_header", "weighted_clusters",
            "metadata_match", "prefix_rewrite", "regex_rewrite", "host_rewrite_literal", "auto_host_rewrite", "timeout",
            "retry_policy", "hash_policy");
    private static final Set<String> RETRY_FIELDS = Set.of("retry_on", "num_retries", "per_try_timeout",
            "retriable_status_codes");
    private static final Set<String> REDIRECT_FIELDS = Set.of("https_redirect", "scheme_redirect", "host_redirect",
            "path_redirect", "response_code");

    private RouteActionTranslator() {
    }

    /**
     * @param inheritedRetry the virtual host's retry policy, used when the route has none; null when there is none
     * @param upstreamProtocol a cluster's HTTP version ({@code "Http1"}, {@code "Http2"}) when it names one, else null
     * @return MOSN's {@code route}, or null when the route is to be left out (noted)
     */
    static ObjectNode route(RouteAction action, RetryPolicy inheritedRetry, Function<String, String> upstreamProtocol,
            Site site, String path) {
        site.unhandled(path, action, ACTION_FIELDS);
        ObjectNode out = JSON.objectNode();
        Set<String> protocols = new HashSet<>();
        switch (action.getClusterSpecifierCase()) {
            case CLUSTER -> {
                out.put("cluster_name", action.getCluster());
                protocols.add(String.valueOf(upstreamProtocol.apply(action.getCluster())));
            }
            case CLUSTER_HEADER -> {
                out.put("cluster_header", action.getClusterHeader());
                protocols.add("null");
            }
            case WEIGHTED_CLUSTERS -> {
                ArrayNode clusters = weightedClusters(action.getWeightedClusters(), site,
                        Site.join(path, "weighted_clusters"));
                clusters.forEach(c -> protocols.add(String.valueOf(upstreamProtocol.apply(c.path("cluster")
                        .path("name").asText()))));
                out.set("weighted_clusters", clusters);
            }
            default -> {
                site.ignored(Site.join(path, action.getClusterSpecifierCase().name().toLowerCase()),
                        "the route is left out: no cluster, cluster_header or weighted_clusters");
                return null;
            }
        }
        if (protocols.size() == 1 && !protocols.contains("null")) {
            out.put("upstream_protocol", protocols.iterator().next());
        }
        out.put("timeout", action.hasTimeout() ? ProtoValues.goDuration(action.getTimeout()) : DEFAULT_TIMEOUT);
        if (!action.getPrefixRewrite().isEmpty()) {
            out.put("prefix_rewrite", action.getPrefixRewrite());
        }
        if (action.hasRegexRewrite()) {
            ObjectNode rewrite = out.putObject("regex_rewrite");
            rewrite.putObject("pattern").put("regex", action.getRegexRewrite().getPattern().getRegex());
            rewrite.put("substitution", action.getRegexRewrite().getSubstitution());
        }
        if (action.hasHostRewriteLiteral()) {
            out.put("host_rewrite", action.getHostRewriteLiteral());
        } else if (action.hasAutoHostRewrite()) {
            out.put("auto_host_rewrite", action.getAutoHostRewrite().getValue());
        }
        if (action.hasMetadataMatch()) {
            ObjectNode match = metadataMatch(action.getMetadataMatch());
            if (match != null) {
                out.set("metadata_match", match);
            }
        }
        if (action.getHashPolicyCount() > 0) {
            out.set("hash_policy", hashPolicy(action, site, Site.join(path, "hash_policy")));
        }
        if (action.hasRetryPolicy()) {
            out.set("retry_policy", retryPolicy(action.getRetryPolicy(), site, Site.join(path, "retry_policy")));
        } else if (inheritedRetry != null) {
            out.set("retry_policy", retryPolicy(inheritedRetry, site, Site.join(path, "retry_policy")));
        }
        return out;
    }

    private static ArrayNode weightedClusters(WeightedCluster weighted, Site site, String path) {
        site.unhandled(path, weighted, Set.of("clusters"));
        ArrayNode clusters = JSON.arrayNode();
        for (int i = 0; i < weighted.getClustersCount(); i++) {
            WeightedCluster.ClusterWeight cluster = weighted.getClusters(i);
            String at = Site.join(path, "clusters[" + i + "]");
            site.unhandled(at, cluster, Set.of("name", "weight", "metadata_match"));
            int weight = cluster.hasWeight() ? cluster.getWeight().getValue() : 0;
            if (weight == 0) {
                // Envoy sends no request to a cluster of weight 0; MOSN's weights start at 1.
                continue;
            }
            ObjectNode entry = clusters.addObject().putObject("cluster");
            entry.put("name", cluster.getName());
            entry.put("weight", weight);
            if (cluster.hasMetadataMatch()) {
                ObjectNode match = metadataMatch(cluster.getMetadataMatch());
                if (match != null) {
                    entry.set("metadata_match", match);
                }
            }
        }
        return clusters;
    }

    /** @return MOSN's {@code {"filter_metadata": {"mosn.lb": {...}}}} from Envoy's {@code envoy.lb}, or null */
    private static ObjectNode metadataMatch(Metadata metadata) {
        Struct lb = metadata.getFilterMetadataOrDefault("envoy.lb", null);
        if (lb == null) {
            return null;
        }
        ObjectNode out = JSON.objectNode();
        out.putObject("filter_metadata").set("mosn.lb", ProtoValues.json(lb));
        return out;
    }

    private static ArrayNode hashPolicy(RouteAction action, Site site, String path) {
        ArrayNode list = JSON.arrayNode();
        for (int i = 0; i < action.getHashPolicyCount(); i++) {
            RouteAction.HashPolicy policy = action.getHashPolicy(i);
            String at = path + "[" + i + "]";
            if (policy.getTerminal()) {
                site.ignored(Site.join(at, "terminal"), "every hash policy entry is used");
            }
            switch (policy.getPolicySpecifierCase()) {
                case HEADER -> list.addObject().putObject("header").put("key", policy.getHeader().getHeaderName());
                case COOKIE -> {
                    ObjectNode cookie = list.addObject().putObject("cookie");
                    cookie.put("name", policy.getCookie().getName());
                    if (!policy.getCookie().getPath().isEmpty()) {
                        cookie.put("path", policy.getCookie().getPath());
                    }
                    if (policy.getCookie().hasTtl()) {
                        cookie.put("ttl", ProtoValues.goDuration(policy.getCookie().getTtl()));
                    }
                }
                case CONNECTION_PROPERTIES -> {
                    if (policy.getConnectionProperties().getSourceIp()) {
                        list.addObject().putObject("source_ip");
                    }
                }
                default -> site.ignored(Site.join(at, policy.getPolicySpecifierCase().name().toLowerCase()),
                        "hashing by query parameter or filter state has no MOSN form");
            }
        }
        return list;
    }

    private static ObjectNode retryPolicy(RetryPolicy retry, Site site, String path) {
        site.unhandled(path, retry, RETRY_FIELDS);
        ObjectNode out = JSON.objectNode();
        boolean on = !retry.getRetryOn().isEmpty();
        out.put("retry_on", on);
        if (on) {
            out.put("num_retries", retry.hasNumRetries() ? retry.getNumRetries().getValue() : 1);
        }
        if (retry.hasPerTryTimeout()) {
            out.put("retry_timeout", ProtoValues.goDuration(retry.getPerTryTimeout()));
        }
        if (retry.getRetriableStatusCodesCount() > 0) {
            ArrayNode codes = out.putArray("status_codes");
            retry.getRetriableStatusCodesList().forEach(codes::add);
        }
        return out;
    }

    /** @return MOSN's {@code redirect} */
    static ObjectNode redirect(RedirectAction redirect, Site site, String path) {
        site.unhandled(path, redirect, REDIRECT_FIELDS);
        ObjectNode out = JSON.objectNode();
        out.put("response_code", switch (redirect.getResponseCode()) {
            case FOUND -> 302;
            case SEE_OTHER -> 303;
            case TEMPORARY_REDIRECT -> 307;
            case PERMANENT_REDIRECT -> 308;
            default -> 301;
        });
        if (redirect.hasHttpsRedirect() && redirect.getHttpsRedirect()) {
            out.put("scheme_redirect", "https");
        } else if (redirect.hasSchemeRedirect()) {
            out.put("scheme_redirect", redirect.getSchemeRedirect());
        }
        if (!redirect.getHostRedirect().isEmpty()) {
            out.put("host_redirect", redirect.getHostRedirect());
        }
        if (redirect.hasPathRedirect()) {
            out.put("path_redirect", redirect.getPathRedirect());
        }
        return out;
    }

    /** @return MOSN's {@code direct_response} */
    static ObjectNode directResponse(DirectResponseAction response, Site site, String path) {
        ObjectNode out = JSON.objectNode();
        out.put("status", response.getStatus());
        if (response.hasBody()) {
            var body = response.getBody();
            switch (body.getSpecifierCase()) {
                case INLINE_STRING -> out.put("body", body.getInlineString());
                case INLINE_BYTES -> out.put("body", body.getInlineBytes().toString(StandardCharsets.UTF_8));
                default -> site.ignored(Site.join(path, "body." + body.getSpecifierCase().name().toLowerCase()),
                        "only inline bodies are sent; the response has no body");
            }
        }
        return out;
    }
}
