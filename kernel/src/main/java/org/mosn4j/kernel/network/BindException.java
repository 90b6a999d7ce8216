package org.mosn4j.kernel.network;

/** A listening address cannot be bound (in use, not local, no permission). */
public class BindException extends Exception {

    private static final long serialVersionUID = 1L;

    public BindException(String message, Throwable cause) {
        super(message, cause);
    }
}
