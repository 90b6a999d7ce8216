package org.mosn4j.spi.config;

/**
 * A config error, naming the JSON path where it was found and what was expected there.
 *
 * <p>The message reads {@code "<path>: <problem>"}, for example
 * {@code listeners[0].filter_chains[0].filters[0].config.cluster: expected a string, got 42}. The kernel
 * prints it and exits non-zero before binding any port.
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    /**
     * @param path the JSON path, such as {@code cluster_manager.clusters[1].hosts[0].address}; empty for the root
     * @param problem what is wrong and what was expected
     */
    public ConfigException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** @return the JSON path of the offending value; empty for the document root */
    public String path() {
        return path;
    }

    /** @return the problem without the path */
    public String problem() {
        return problem;
    }

    /**
     * Joins a parent path and a child key or index into one path.
     *
     * @param parent the parent's path, possibly empty
     * @param child a key ({@code "config"}) or an index in brackets ({@code "[2]"})
     * @return the joined path
     */
    public static String join(String parent, String child) {
        if (parent.isEmpty()) {
            return child;
        }
        return child.startsWith("[") ? parent + child : parent + "." + child;
    }
}
