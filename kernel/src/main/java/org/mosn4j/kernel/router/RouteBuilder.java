package org.mosn4j.kernel.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.DirectResponseConfig;
import org.mosn4j.kernel.config.HeaderMatcherConfig;
import org.mosn4j.kernel.config.RedirectConfig;
import org.mosn4j.kernel.config.RetryPolicyConfig;
import org.mosn4j.kernel.config.RouteActionConfig;
import org.mosn4j.kernel.config.RouteConfig;
import org.mosn4j.kernel.config.RouteMatchConfig;
import org.mosn4j.kernel.config.WeightedClusterConfig;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterFactory;

/** Builds one route from its config, reporting every error with its JSON path. */
final class RouteBuilder {

    private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9.+-]*");

    /**
     * What a route inherits from its virtual host and router.
     *
     * @param virtualHostName the virtual host's name
     * @param requestMutations the router's and virtual host's request header changes
     * @param responseMutations the same for responses
     * @param perFilterConfig the virtual host's parsed {@code per_filter_config}
     * @param filters finds a stream filter factory by type; null when none is installed
     */
    record Scope(String virtualHostName, HeaderMutations requestMutations, HeaderMutations responseMutations,
            Map<String, Object> perFilterConfig, Function<String, StreamFilterFactory> filters) {
    }

    private final String path;
    private final ConfigProblems problems = new ConfigProblems();

    private RouteBuilder(String path) {
        this.path = path;
    }

    /**
     * @param config the route config
     * @param path its JSON path
     * @param scope what it inherits
     * @param problems where errors go
     * @return the route, or null when it has errors
     */
    static DefaultRouteEntry build(RouteConfig config, String path, Scope scope, ConfigProblems problems) {
        RouteBuilder builder = new RouteBuilder(path);
        DefaultRouteEntry route = builder.build(config, scope);
        builder.problems.all().forEach(problems::add);
        return builder.problems.isEmpty() ? route : null;
    }

    private DefaultRouteEntry build(RouteConfig config, Scope scope) {
        RouteMatcher matcher = matcher(config.match());
        DefaultRouteEntry.Action action = action(config, matcher);
        Map<String, Object> perFilterConfig = new HashMap<>(scope.perFilterConfig());
        perFilterConfig.putAll(PerFilterConfigs.parse(config.perFilterConfig(), path + ".per_filter_config",
                scope.filters(), problems));
        if (!problems.isEmpty()) {
            return null;
        }
        return new DefaultRouteEntry(scope.virtualHostName(), matcher, action, scope.requestMutations(),
                scope.responseMutations(), perFilterConfig);
    }

    private RouteMatcher matcher(RouteMatchConfig match) {
        if (match == null) {
            return new RouteMatcher(RouteMatcher.PathKind.NONE, null, null, List.of(), List.of());
        }
        String at = path + ".match";
        Pattern regex = isSet(match.regex()) ? compile(match.regex(), at + ".regex") : null;
        List<ValueMatcher> headers = valueMatchers(match.headers(), at + ".headers", false);
        List<ValueMatcher> variables = valueMatchers(match.variables(), at + ".variables", true);
        if (match.dslExpressions() != null && !match.dslExpressions().isNull() && !match.dslExpressions().isEmpty()) {
            problems.add(new ConfigException(at + ".dsl_expressions",
                    "dsl_expressions are not supported; match with path, prefix, regex, headers or variables"));
        }
        // MOSN's priority when several are set: path, then prefix, then regex.
        if (isSet(match.path())) {
            return new RouteMatcher(RouteMatcher.PathKind.EXACT, match.path(), null, headers, variables);
        }
        if (isSet(match.prefix())) {
            return new RouteMatcher(RouteMatcher.PathKind.PREFIX, match.prefix(), null, headers, variables);
        }
        if (regex != null) {
            return new RouteMatcher(RouteMatcher.PathKind.REGEX, null, regex, headers, variables);
        }
        return new RouteMatcher(RouteMatcher.PathKind.NONE, null, null, headers, variables);
    }

    private List<ValueMatcher> valueMatchers(List<HeaderMatcherConfig> configs, String at, boolean variables) {
        List<ValueMatcher> matchers = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            HeaderMatcherConfig config = configs.get(i);
            String item = at + "[" + i + "]";
            if (!isSet(config.name())) {
                problems.add(new ConfigException(item + ".name", "expected a " + (variables ? "variable" : "header")
                        + " name, got nothing"));
                continue;
            }
            boolean or = false;
            if (variables && isSet(config.model())) {
                String model = config.model().toLowerCase(Locale.ROOT);
                if (!model.equals("and") && !model.equals("or")) {
                    problems.add(new ConfigException(item + ".model", "expected \"and\" or \"or\", got \""
                            + config.model() + "\""));
                    continue;
                }
                or = model.equals("or");
            }
            if (Boolean.TRUE.equals(config.regex()) && config.value() != null) {
                Pattern pattern = compile(config.value(), item + ".value");
                if (pattern != null) {
                    matchers.add(new ValueMatcher(config.name(), null, pattern, or));
                }
            } else {
                matchers.add(new ValueMatcher(config.name(), config.value(), null, or));
            }
        }
        return matchers;
    }

    private DefaultRouteEntry.Action action(RouteConfig config, RouteMatcher matcher) {
        List<String> actions = new ArrayList<>();
        if (config.route() != null) {
            actions.add("route");
        }
        if (config.redirect() != null) {
            actions.add("redirect");
        }
        if (config.directResponse() != null) {
            actions.add("direct_response");
        }
        if (actions.size() != 1) {
            problems.add(new ConfigException(path, "expected one of route, redirect or direct_response, got "
                    + (actions.isEmpty() ? "none" : String.join(" and ", actions))));
            return null;
        }
        if (config.directResponse() != null) {
            return directResponse(config.directResponse());
        }
        if (config.redirect() != null) {
            return redirect(config.redirect());
        }
        return route(config.route(), matcher);
    }

    private DefaultRouteEntry.Action directResponse(DirectResponseConfig config) {
        Integer status = config.status();
        if (status == null || status < 100 || status > 599) {
            problems.add(new ConfigException(path + ".direct_response.status", "expected a status from 100 to 599, got "
                    + (status == null ? "nothing" : status)));
            return null;
        }
        return DefaultRouteEntry.Action.direct(new DirectResponse(status, config.body() == null ? "" : config.body()));
    }

    private DefaultRouteEntry.Action redirect(RedirectConfig config) {
        String at = path + ".redirect";
        int code = config.responseCode() == null ? 301 : config.responseCode();
        if (!REDIRECT_CODES.contains(code)) {
            problems.add(new ConfigException(at + ".response_code", "expected one of 301, 302, 303, 307, 308, got " + code));
        }
        String scheme = isSet(config.schemeRedirect()) ? config.schemeRedirect().toLowerCase(Locale.ROOT) : null;
        if (scheme != null && !SCHEME.matcher(scheme).matches()) {
            problems.add(new ConfigException(at + ".scheme_redirect", "expected a URL scheme such as \"https\", got \""
                    + config.schemeRedirect() + "\""));
        }
        return DefaultRouteEntry.Action.redirect(new Redirect(code, scheme,
                isSet(config.hostRedirect()) ? config.hostRedirect() : null,
                isSet(config.pathRedirect()) ? config.pathRedirect() : null));
    }

    private DefaultRouteEntry.Action route(RouteActionConfig config, RouteMatcher matcher) {
        String at = path + ".route";
        ClusterChooser chooser = clusterChooser(config, at);
        Duration timeout = config.timeout() == null ? Duration.ZERO : config.timeout();
        if (timeout.isNegative()) {
            problems.add(new ConfigException(at + ".timeout", "expected a duration of 0s or more"));
        }
        return new DefaultRouteEntry.Action(null, null, chooser, isSet(config.clusterName()) ? config.clusterName() : null,
                isSet(config.upstreamProtocol()) ? config.upstreamProtocol() : null, timeout,
                retryPolicy(config.retryPolicy(), at + ".retry_policy"), pathRewrite(config, matcher, at),
                isSet(config.hostRewrite()) ? config.hostRewrite() : null,
                HeaderMutations.of(config.requestHeadersToAdd(), config.requestHeadersToRemove(), at, "request", problems),
                HeaderMutations.of(config.responseHeadersToAdd(), config.responseHeadersToRemove(), at, "response", problems),
                balancing(config, at));
    }

    private BalancingPolicy balancing(RouteActionConfig config, String at) {
        HashPolicy hashPolicy = HashPolicy.parse(config.hashPolicy(), at + ".hash_policy", problems);
        Map<String, String> metadataMatch = MetadataMatches.parse(config.metadataMatch(), at + ".metadata_match",
                problems);
        Map<String, Map<String, String>> ownByName = new HashMap<>();
        for (int i = 0; i < config.weightedClusters().size(); i++) {
            WeightedClusterConfig.Cluster cluster = config.weightedClusters().get(i).cluster();
            if (cluster == null || !isSet(cluster.name())) {
                continue;
            }
            String item = at + ".weighted_clusters[" + i + "].cluster";
            Map<String, String> own = cluster.metadataMatch() == null ? null
                    : MetadataMatches.parse(cluster.metadataMatch(), item + ".metadata_match", problems);
            if (ownByName.containsKey(cluster.name()) && !Objects.equals(ownByName.get(cluster.name()), own)) {
                problems.add(new ConfigException(item, "cluster \"" + cluster.name() + "\" is listed again with a "
                        + "different metadata_match; a cluster's subset is looked up by its name, as in MOSN, so list "
                        + "each cluster once"));
            }
            ownByName.putIfAbsent(cluster.name(), own);
        }
        ownByName.values().removeIf(Objects::isNull);
        if (hashPolicy == HashPolicy.NONE && metadataMatch.isEmpty() && ownByName.isEmpty()) {
            return BalancingPolicy.NONE;
        }
        return new BalancingPolicy(hashPolicy, metadataMatch, ownByName);
    }

    private ClusterChooser clusterChooser(RouteActionConfig config, String at) {
        String fallback = isSet(config.clusterName()) ? config.clusterName() : null;
        if (!config.weightedClusters().isEmpty()) {
            List<String> names = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            for (int i = 0; i < config.weightedClusters().size(); i++) {
                WeightedClusterConfig.Cluster cluster = config.weightedClusters().get(i).cluster();
                String item = at + ".weighted_clusters[" + i + "].cluster";
                if (cluster == null) {
                    problems.add(new ConfigException(item, "expected {\"name\": ..., \"weight\": ...}, got nothing"));
                    continue;
                }
                if (!isSet(cluster.name())) {
                    problems.add(new ConfigException(item + ".name", "expected a cluster name, got nothing"));
                }
                if (cluster.weight() == null || cluster.weight() < 1) {
                    problems.add(new ConfigException(item + ".weight", "expected a weight of 1 or more, got "
                            + (cluster.weight() == null ? "nothing" : cluster.weight())));
                }
                names.add(cluster.name());
                weights.add(cluster.weight());
            }
            return problems.isEmpty() ? ClusterChooser.weighted(names, weights) : null;
        }
        if (isSet(config.clusterHeader())) {
            return ClusterChooser.fromHeader(config.clusterHeader(), fallback);
        }
        if (fallback == null) {
            problems.add(new ConfigException(at, "expected cluster_name, cluster_header or weighted_clusters, got none"));
            return null;
        }
        return ClusterChooser.named(fallback);
    }

    private RetryPolicy retryPolicy(RetryPolicyConfig config, String at) {
        if (config == null) {
            return RetryPolicy.NONE;
        }
        int retries = config.numRetries() == null ? 0 : config.numRetries();
        if (retries < 0) {
            problems.add(new ConfigException(at + ".num_retries", "expected 0 or more retries, got " + retries));
        }
        Duration timeout = config.retryTimeout() == null ? Duration.ZERO : config.retryTimeout();
        if (timeout.isNegative()) {
            problems.add(new ConfigException(at + ".retry_timeout", "expected a duration of 0s or more"));
        }
        Set<Integer> codes = new HashSet<>();
        for (int i = 0; i < config.statusCodes().size(); i++) {
            int code = config.statusCodes().get(i);
            if (code < 100 || code > 599) {
                problems.add(new ConfigException(at + ".status_codes[" + i + "]",
                        "expected a status from 100 to 599, got " + code));
            }
            codes.add(code);
        }
        return new RetryPolicy(Boolean.TRUE.equals(config.retryOn()), retries, timeout, codes);
    }

    private PathRewrite pathRewrite(RouteActionConfig config, RouteMatcher matcher, String at) {
        boolean prefix = isSet(config.prefixRewrite());
        if (prefix && config.regexRewrite() != null) {
            problems.add(new ConfigException(at + ".regex_rewrite", "set prefix_rewrite or regex_rewrite, not both"));
            return null;
        }
        if (prefix) {
            RouteMatcher.PathKind kind = matcher.pathKind();
            if (kind != RouteMatcher.PathKind.PREFIX && kind != RouteMatcher.PathKind.EXACT) {
                problems.add(new ConfigException(at + ".prefix_rewrite", "prefix_rewrite replaces what match.prefix or "
                        + "match.path matched, and this route has neither; use regex_rewrite"));
                return null;
            }
            return PathRewrite.prefix(matcher.pathValue(), config.prefixRewrite());
        }
        if (config.regexRewrite() == null) {
            return null;
        }
        String regexPath = at + ".regex_rewrite.pattern.regex";
        if (config.regexRewrite().pattern() == null || !isSet(config.regexRewrite().pattern().regex())) {
            problems.add(new ConfigException(regexPath, "expected a regular expression, got nothing"));
            return null;
        }
        Pattern pattern = compile(config.regexRewrite().pattern().regex(), regexPath);
        if (pattern == null) {
            return null;
        }
        String substitution = config.regexRewrite().substitution() == null ? "" : config.regexRewrite().substitution();
        try {
            return PathRewrite.regex(pattern, substitution, at + ".regex_rewrite.substitution");
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    private Pattern compile(String regex, String at) {
        try {
            return Regexes.compile(regex, at);
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
