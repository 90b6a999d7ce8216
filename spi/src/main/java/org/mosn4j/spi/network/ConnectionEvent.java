package org.mosn4j.spi.network;

/** Lifecycle events delivered to {@link ConnectionCallbacks#onEvent(ConnectionEvent)}. */
public enum ConnectionEvent {
    /** An upstream connection finished connecting. */
    CONNECTED,
    /** An upstream connection attempt failed (refused, unreachable, reset during connect). */
    CONNECT_FAILED,
    /** An upstream connection attempt took longer than the cluster's {@code connect_timeout}. */
    CONNECT_TIMEOUT,
    /** The peer closed or reset the connection, or an I/O error closed it. */
    REMOTE_CLOSE,
    /** This side closed the connection. */
    LOCAL_CLOSE;

    /** @return true for the events after which the connection is closed */
    public boolean isClose() {
        return this != CONNECTED;
    }
}
