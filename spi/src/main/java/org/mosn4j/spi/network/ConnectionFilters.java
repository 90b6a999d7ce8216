package org.mosn4j.spi.network;

/**
 * The filter chain of one new downstream connection, handed to a {@link NetworkFilterInstaller}.
 * Used on the connection's event loop while the listener's filter chain is being built.
 */
public interface ConnectionFilters {

    /** @return the connection being set up */
    Connection connection();

    /**
     * Appends a read filter; read filters see data in the order they were added.
     *
     * @param filter a filter instance for this connection only
     */
    void addReadFilter(ReadFilter filter);

    /**
     * Adds a write filter; write filters see data in the reverse order they were added.
     *
     * @param filter a filter instance for this connection only
     */
    void addWriteFilter(WriteFilter filter);
}
