package org.mosn4j.kernel.config;

/**
 * A route's {@code regex_rewrite} in Envoy's shape: every match of {@code pattern.regex} in the request path
 * is replaced by {@code substitution}, which may refer to groups as {@code \1}, {@code $1} or {@code ${1}}.
 */
public record RegexRewriteConfig(Pattern pattern, String substitution) {

    /** The {@code pattern} wrapper. */
    public record Pattern(String regex) {
    }
}
