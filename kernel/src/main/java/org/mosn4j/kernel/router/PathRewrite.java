package org.mosn4j.kernel.router;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mosn4j.spi.config.ConfigException;

/** Rewrites the path of a request (without its query) for a route. Immutable. */
abstract sealed class PathRewrite {

    /** @return the new path */
    abstract String rewrite(String path);

    /**
     * {@code prefix_rewrite}: the part of the path the route matched is replaced.
     *
     * @param matched the route's {@code match.prefix}, or its {@code match.path}
     * @param replacement what replaces it
     */
    static PathRewrite prefix(String matched, String replacement) {
        return new Prefix(matched.length(), replacement);
    }

    /**
     * {@code regex_rewrite}: every match of the pattern is replaced by the substitution.
     *
     * @param pattern the compiled {@code pattern.regex}
     * @param substitution literal text with group references {@code \N}, {@code $N} or {@code ${N}};
     *                     {@code $$} and {@code \\} stand for one {@code $} or {@code \}
     * @param path the JSON path of the substitution
     * @throws ConfigException when it refers to a group the pattern lacks
     */
    static PathRewrite regex(Pattern pattern, String substitution, String path) throws ConfigException {
        return new Regex(pattern, Substitution.parse(substitution, pattern.matcher("").groupCount(), path));
    }

    private static final class Prefix extends PathRewrite {
        private final int matchedLength;
        private final String replacement;

        Prefix(int matchedLength, String replacement) {
            this.matchedLength = matchedLength;
            this.replacement = replacement;
        }

        @Override
        String rewrite(String path) {
            return path.length() < matchedLength ? path : replacement + path.substring(matchedLength);
        }
    }

    private static final class Regex extends PathRewrite {
        private final Pattern pattern;
        private final Substitution substitution;

        Regex(Pattern pattern, Substitution substitution) {
            this.pattern = pattern;
            this.substitution = substitution;
        }

        @Override
        String rewrite(String path) {
            Matcher matcher = pattern.matcher(path);
            if (!matcher.find()) {
                return path;
            }
            StringBuilder out = new StringBuilder(path.length() + 16);
            int copied = 0;
            do {
                out.append(path, copied, matcher.start());
                substitution.appendTo(out, matcher);
                copied = matcher.end();
            } while (matcher.find());
            return out.append(path, copied, path.length()).toString();
        }
    }

    /**
     * A substitution parsed once: literal parts and group numbers. Parsed by hand because Envoy configs write
     * groups as {@code \1} and MOSN (Go) configs as {@code $1} or {@code ${1}}, which Java's own replacement
     * syntax reads differently.
     */
    private record Substitution(List<Object> parts) {

        static Substitution parse(String text, int groupCount, String path) throws ConfigException {
            List<Object> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                int group = -1;
                int next = i + 1;
                if ((c == '\\' || c == '$') && next < text.length() && text.charAt(next) == c) {
                    literal.append(c);
                    i = next + 1;
                    continue;
                }
                if (c == '\\' && next < text.length() && Character.isDigit(text.charAt(next))) {
                    group = text.charAt(next) - '0';
                    next++;
                } else if (c == '$' && next < text.length() && Character.isDigit(text.charAt(next))) {
                    int end = next;
                    while (end < text.length() && Character.isDigit(text.charAt(end))) {
                        end++;
                    }
                    group = parseGroup(text.substring(next, end), path);
                    next = end;
                } else if (c == '$' && next < text.length() && text.charAt(next) == '{') {
                    int close = text.indexOf('}', next);
                    String inside = close < 0 ? "" : text.substring(next + 1, close);
                    if (inside.isEmpty() || !inside.chars().allMatch(Character::isDigit)) {
                        throw new ConfigException(path, "expected a group number in \"${...}\", such as ${1}, got \""
                                + text.substring(i, close < 0 ? text.length() : close + 1) + "\"");
                    }
                    group = parseGroup(inside, path);
                    next = close + 1;
                }
                if (group < 0) {
                    literal.append(c);
                    i++;
                    continue;
                }
                if (group > groupCount) {
                    throw new ConfigException(path, "refers to group " + group + ", and the pattern has "
                            + groupCount + (groupCount == 1 ? " group" : " groups"));
                }
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(group);
                i = next;
            }
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
            }
            return new Substitution(List.copyOf(parts));
        }

        private static int parseGroup(String digits, String path) throws ConfigException {
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new ConfigException(path, "group number " + digits + " is too large");
            }
        }

        void appendTo(StringBuilder out, Matcher matcher) {
            for (Object part : parts) {
                if (part instanceof Integer group) {
                    String value = matcher.group(group);
                    if (value != null) {
                        out.append(value);
                    }
                } else {
                    out.append((String) part);
                }
            }
        }
    }
}
