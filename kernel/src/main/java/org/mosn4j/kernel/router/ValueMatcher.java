package org.mosn4j.kernel.router;

import java.util.regex.Pattern;

/**
 * Matches one named value of a request (a header or a variable): exactly, as a regex over the whole value,
 * or, with no value configured, whenever the name is present. An absent value never matches. Immutable.
 *
 * @param name the header or variable name
 * @param exact the value to equal, or null
 * @param pattern the regex to match in full, or null
 * @param or for variables, whether this matcher is joined to the next by "or" instead of "and"
 */
record ValueMatcher(String name, String exact, Pattern pattern, boolean or) {

    /** @param actual the request's value, or null when absent */
    boolean matches(String actual) {
        if (actual == null) {
            return false;
        }
        if (pattern != null) {
            return pattern.matcher(actual).matches();
        }
        return exact == null || exact.equals(actual);
    }
}
