package org.mosn4j.plugin.dubbo;

/**
 * The bytes on a connection are not Dubbo frames the proxy accepts (a bad magic, or a body over the frame size
 * limit): nothing after them can be framed, so the connection has to close.
 */
final class FramingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean overSizeLimit;

    /**
     * @param message what is wrong with the bytes
     * @param overSizeLimit whether a frame's body is over the size limit (rather than the bytes not being Dubbo)
     */
    FramingException(String message, boolean overSizeLimit) {
        super(message);
        this.overSizeLimit = overSizeLimit;
    }

    /** @return whether a frame's body was over the size limit */
    boolean overSizeLimit() {
        return overSizeLimit;
    }
}
