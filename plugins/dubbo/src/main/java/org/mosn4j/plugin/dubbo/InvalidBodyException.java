package org.mosn4j.plugin.dubbo;

/** A request body the proxy cannot read: the request is answered with BAD_REQUEST, the connection stays up. */
final class InvalidBodyException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidBodyException(String message) {
        super(message);
    }

    InvalidBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
