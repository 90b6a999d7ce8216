package org.mosn4j.plugin.filters.fault;

import java.util.regex.Pattern;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * One header condition of a fault: the header's value equals {@code exact}, or matches {@code pattern} in
 * full, or (with neither) the header is present. Immutable.
 *
 * @param name the header name
 * @param exact the value to equal, or null
 * @param pattern the regular expression to match, or null
 */
record HeaderMatcher(String name, String exact, Pattern pattern) {

    boolean matches(HeaderMap headers) {
        String actual = headers.get(name);
        if (actual == null) {
            return false;
        }
        if (pattern != null) {
            return pattern.matcher(actual).matches();
        }
        return exact == null || exact.equals(actual);
    }
}
