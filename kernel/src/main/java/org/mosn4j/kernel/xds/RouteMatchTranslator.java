package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates a route's {@code match} into MOSN's: {@code prefix}, {@code path}, or {@code regex} (from
 * {@code safe_regex.regex}; Envoy's RE2 and Java's regexes agree on common patterns, both match the whole path), and
 * {@code headers} as {@code [{"name", "value", "regex"}]}: exact values stay values, prefix, suffix, contains and
 * case-insensitive matches become regexes, {@code present_match: true} a name without a value.
 *
 * <p>A condition with no MOSN form (query parameters, runtime fractions, inverted or range header matches, gRPC,
 * TLS, metadata or filter-state matches, CONNECT or path-template matchers) makes the route left out rather than
 * matching more than the control plane meant; the note says which.
 */
final class RouteMatchTranslator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MATCH_FIELDS = Set.of("prefix", "path", "safe_regex", "path_separated_prefix",
            "headers", "case_sensitive");

    private RouteMatchTranslator() {
    }

    /**
     * @param path the match's path inside the resource
     * @return MOSN's {@code match}, or null when the route is to be left out (noted)
     */
    static ObjectNode translate(RouteMatch match, Site site, String path) {
        String unsupported = unsupportedCondition(match);
        if (unsupported != null) {
            site.ignored(Site.join(path, unsupported), "the route is left out: mosn4j cannot match on " + unsupported);
            return null;
        }
        site.unhandled(path, match, MATCH_FIELDS);
        ObjectNode out = JSON.objectNode();
        switch (match.getPathSpecifierCase()) {
            case PREFIX -> out.put("prefix", match.getPrefix());
            case PATH -> out.put("path", match.getPath());
            case SAFE_REGEX -> out.put("regex", match.getSafeRegex().getRegex());
            // "/a" matches "/a" and "/a/..." but not "/ab".
            case PATH_SEPARATED_PREFIX -> out.put("regex", Pattern.quote(match.getPathSeparatedPrefix()) + "(/.*)?");
            default -> {
                site.ignored(Site.join(path, match.getPathSpecifierCase().name().toLowerCase()),
                        "the route is left out: no supported path matcher");
                return null;
            }
        }
        if (match.hasCaseSensitive() && !match.getCaseSensitive().getValue()) {
            site.ignored(Site.join(path, "case_sensitive"), "paths are matched case-sensitively");
        }
        if (match.getHeadersCount() > 0) {
            ArrayNode headers = out.putArray("headers");
            for (int i = 0; i < match.getHeadersCount(); i++) {
                ObjectNode header = header(match.getHeaders(i), site, Site.join(path, "headers[" + i + "]"));
                if (header == null) {
                    return null;
                }
                headers.add(header);
            }
        }
        return out;
    }

    private static String unsupportedCondition(RouteMatch match) {
        if (match.getQueryParametersCount() > 0) {
            return "query_parameters";
        }
        if (match.hasRuntimeFraction()) {
            return "runtime_fraction";
        }
        if (match.hasGrpc()) {
            return "grpc";
        }
        if (match.hasTlsContext()) {
            return "tls_context";
        }
        if (match.getDynamicMetadataCount() > 0) {
            return "dynamic_metadata";
        }
        if (match.getFilterStateCount() > 0) {
            return "filter_state";
        }
        return null;
    }

    @SuppressWarnings("deprecation")
    private static ObjectNode header(HeaderMatcher matcher, Site site, String path) {
        if (matcher.getInvertMatch()) {
            site.ignored(Site.join(path, "invert_match"), "the route is left out: inverted header matches have no "
                    + "MOSN form");
            return null;
        }
        if (matcher.getTreatMissingHeaderAsEmpty()) {
            site.ignored(Site.join(path, "treat_missing_header_as_empty"), "a missing header never matches");
        }
        ObjectNode out = JSON.objectNode();
        out.put("name", matcher.getName());
        switch (matcher.getHeaderMatchSpecifierCase()) {
            case EXACT_MATCH -> out.put("value", matcher.getExactMatch());
            case SAFE_REGEX_MATCH -> regex(out, matcher.getSafeRegexMatch().getRegex());
            case PREFIX_MATCH -> regex(out, Pattern.quote(matcher.getPrefixMatch()) + ".*");
            case SUFFIX_MATCH -> regex(out, ".*" + Pattern.quote(matcher.getSuffixMatch()));
            case CONTAINS_MATCH -> regex(out, ".*" + Pattern.quote(matcher.getContainsMatch()) + ".*");
            case STRING_MATCH -> {
                if (!stringMatch(out, matcher.getStringMatch())) {
                    site.ignored(Site.join(path, "string_match.custom"), "the route is left out: custom string "
                            + "matchers have no MOSN form");
                    return null;
                }
            }
            case PRESENT_MATCH -> {
                if (!matcher.getPresentMatch()) {
                    site.ignored(Site.join(path, "present_match"), "the route is left out: matching an absent header "
                            + "has no MOSN form");
                    return null;
                }
            }
            case HEADERMATCHSPECIFIER_NOT_SET -> {
                // Envoy: the header must be present.
            }
            default -> {
                site.ignored(Site.join(path, "range_match"), "the route is left out: range matches have no MOSN form");
                return null;
            }
        }
        return out;
    }

    private static boolean stringMatch(ObjectNode out, StringMatcher matcher) {
        String flags = matcher.getIgnoreCase() ? "(?i)" : "";
        switch (matcher.getMatchPatternCase()) {
            case EXACT -> {
                if (flags.isEmpty()) {
                    out.put("value", matcher.getExact());
                } else {
                    regex(out, flags + Pattern.quote(matcher.getExact()));
                }
            }
            case PREFIX -> regex(out, flags + Pattern.quote(matcher.getPrefix()) + ".*");
            case SUFFIX -> regex(out, flags + ".*" + Pattern.quote(matcher.getSuffix()));
            case CONTAINS -> regex(out, flags + ".*" + Pattern.quote(matcher.getContains()) + ".*");
            case SAFE_REGEX -> regex(out, matcher.getSafeRegex().getRegex());
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void regex(ObjectNode out, String regex) {
        out.put("value", regex);
        out.put("regex", true);
    }
}
