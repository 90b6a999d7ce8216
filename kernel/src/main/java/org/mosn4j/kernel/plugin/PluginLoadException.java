package org.mosn4j.kernel.plugin;

/** The plugins cannot be loaded as installed, for example because two of them claim one type. */
public class PluginLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
