package org.mosn4j.spi.stream;

/** Events of a stream for whoever sends on it. Called on the connection's event loop. */
public interface StreamCallbacks {

    /** The stream was reset by the peer or by the connection's end. */
    void onReset(StreamResetReason reason);

    /** The stream's send side crossed its buffer watermarks. */
    default void onWritabilityChanged(boolean writable) {
    }
}
