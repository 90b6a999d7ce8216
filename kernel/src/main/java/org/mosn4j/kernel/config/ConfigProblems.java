package org.mosn4j.kernel.config;

import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.config.ConfigException;

/** Collects every config error found in one pass, so a user sees them all at once. Not thread-safe. */
public final class ConfigProblems {

    private final List<ConfigException> problems = new ArrayList<>();

    /** @param problem one error */
    public void add(ConfigException problem) {
        problems.add(problem);
    }

    /** @return whether any error was found */
    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** @return the errors in the order found */
    public List<ConfigException> all() {
        return List.copyOf(problems);
    }

    /**
     * @throws InvalidConfigException listing every error, if there are any
     */
    public void throwIfAny() throws InvalidConfigException {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(all());
        }
    }
}
