package org.mosn4j.plugin.dubbo;

/**
 * The bytes on a connection are not Dubbo frames the proxy accepts (a bad magic, or a body over the frame size
 * limit): nothing after them can be framed, so the connection has to close.
 */
final class FramingException extends Exception {

    private static final long serialVersionUID = 1L;

    FramingException(String message) {
        super(message);
    }
}
