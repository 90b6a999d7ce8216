package org.mosn4j.kernel.router;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * A route's {@code match}: one path criterion (exact path, prefix or regex, or none), every header matcher,
 * and the variable matchers combined as MOSN does. Immutable.
 */
final class RouteMatcher {

    /** The header MOSN's RPC routes match on, with {@code ".*"} meaning "any service". */
    static final String SERVICE_HEADER = "service";

    enum PathKind { NONE, EXACT, PREFIX, REGEX }

    private final PathKind pathKind;
    private final String pathValue;
    private final Pattern pathPattern;
    private final List<ValueMatcher> headers;
    private final List<ValueMatcher> variables;
    private final boolean serviceMatch;

    /**
     * @param pathKind which path criterion applies
     * @param pathValue the exact path or prefix, or null
     * @param pathPattern the path regex, or null
     * @param headers every header matcher, all of which must match
     * @param variables the variable matchers, in order
     */
    RouteMatcher(PathKind pathKind, String pathValue, Pattern pathPattern, List<ValueMatcher> headers,
            List<ValueMatcher> variables) {
        this.pathKind = pathKind;
        this.pathValue = pathValue;
        this.pathPattern = pathPattern;
        this.headers = List.copyOf(headers);
        this.variables = List.copyOf(variables);
        // MOSN's RPC rule: a route matching only on one exact "service" header takes ".*" as a wildcard, which
        // the Dubbo sample configs rely on.
        this.serviceMatch = pathKind == PathKind.NONE && headers.size() == 1
                && headers.get(0).name().equalsIgnoreCase(SERVICE_HEADER) && headers.get(0).pattern() == null
                && ".*".equals(headers.get(0).exact());
    }

    PathKind pathKind() {
        return pathKind;
    }

    /** @return the exact path or prefix of an EXACT or PREFIX criterion */
    String pathValue() {
        return pathValue;
    }

    /**
     * @param path the request path without its query, or null when the request has none
     * @param request the request headers
     * @param variables looks a variable up; null when it is unset
     */
    boolean matches(String path, HeaderMap request, Function<String, String> variables) {
        return matchesPath(path) && matchesHeaders(request) && matchesVariables(variables);
    }

    private boolean matchesPath(String path) {
        return switch (pathKind) {
            case NONE -> true;
            case EXACT -> pathValue.equals(path);
            case PREFIX -> path != null && path.startsWith(pathValue);
            case REGEX -> path != null && pathPattern.matcher(path).matches();
        };
    }

    private boolean matchesHeaders(HeaderMap request) {
        if (serviceMatch) {
            String service = request.get(SERVICE_HEADER);
            return service != null && !service.isEmpty();
        }
        // Indexed: an iterator per header route tried would allocate unless the JIT removes it.
        for (int i = 0; i < headers.size(); i++) {
            ValueMatcher header = headers.get(i);
            if (!header.matches(request.get(header.name()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * MOSN's rule: walking in order, "and" joins a result to the previous one, and after an "or" the walk
     * starts over, stopping at the first matcher that matches with "or" after it.
     */
    private boolean matchesVariables(Function<String, String> lookup) {
        boolean result = true;
        boolean previousOr = false;
        for (int i = 0; i < variables.size(); i++) {
            ValueMatcher variable = variables.get(i);
            boolean current = variable.matches(lookup == null ? null : lookup.apply(variable.name()));
            result = previousOr ? current : result && current;
            if (result && variable.or()) {
                break;
            }
            previousOr = variable.or();
        }
        return result;
    }
}
