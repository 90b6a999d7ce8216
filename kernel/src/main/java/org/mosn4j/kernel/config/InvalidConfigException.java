package org.mosn4j.kernel.config;

import java.util.List;
import java.util.stream.Collectors;
import org.mosn4j.spi.config.ConfigException;

/** The config cannot be used; holds every error found, each naming its JSON path. */
public class InvalidConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigException> problems;

    public InvalidConfigException(List<ConfigException> problems) {
        super(problems.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** @return each error */
    public List<ConfigException> problems() {
        return problems;
    }
}
