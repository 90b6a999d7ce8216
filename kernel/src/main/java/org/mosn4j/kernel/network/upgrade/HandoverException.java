package org.mosn4j.kernel.network.upgrade;

import org.mosn4j.kernel.network.BindException;

/**
 * A hot upgrade could not take the listening sockets over: no running process to take them from, a refusal, a
 * broken conversation. Until the new process says it took over, the old one keeps serving untouched.
 */
public final class HandoverException extends BindException {

    private static final long serialVersionUID = 1L;

    public HandoverException(String message) {
        super(message, null);
    }

    public HandoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
