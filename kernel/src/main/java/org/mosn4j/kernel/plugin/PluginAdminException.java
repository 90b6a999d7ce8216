package org.mosn4j.kernel.plugin;

/** A plugin admin request that cannot be carried out, with what kind of problem it is and a message for the caller. */
public class PluginAdminException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of problem, so that the admin API can answer with a fitting status. */
    public enum Reason {
        /** The request names something invalid: a path outside plugins/, a broken jar. */
        BAD_REQUEST,
        /** No such plugin or file. */
        NOT_FOUND,
        /** Not possible in the plugin's present state, or for this kind of plugin. */
        CONFLICT,
        /** The plugin itself failed, such as its start method throwing. */
        FAILED
    }

    private final Reason reason;

    public PluginAdminException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PluginAdminException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return what kind of problem */
    public Reason reason() {
        return reason;
    }
}
