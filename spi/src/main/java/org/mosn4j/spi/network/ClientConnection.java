package org.mosn4j.spi.network;

/**
 * An upstream connection, created unconnected by {@link org.mosn4j.spi.upstream.Cluster#newConnection}.
 *
 * <p>Add read filters and callbacks first, then call {@link #connect()}. The outcome arrives as
 * {@link ConnectionEvent#CONNECTED}, {@link ConnectionEvent#CONNECT_FAILED} or
 * {@link ConnectionEvent#CONNECT_TIMEOUT} on the connection's event loop. Writes made before the connection
 * is established are queued and sent once it is.
 */
public interface ClientConnection extends Connection {

    /**
     * Adds a filter that receives the bytes read from the upstream host.
     *
     * @param filter the filter, called on the connection's event loop
     */
    void addReadFilter(ReadFilter filter);

    /** Starts connecting, bounded by the cluster's {@code connect_timeout}. Call once. */
    void connect();
}
