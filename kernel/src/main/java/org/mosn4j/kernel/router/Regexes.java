package org.mosn4j.kernel.router;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mosn4j.spi.config.ConfigException;

/** Compiles the regular expressions of router configs, with the one error message both checks use. */
final class Regexes {

    private Regexes() {
    }

    /**
     * @param regex a Java regular expression
     * @param path its JSON path
     * @return the pattern
     * @throws ConfigException naming the syntax error and where it is
     */
    static Pattern compile(String regex, String path) throws ConfigException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(path, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
