package org.mosn4j.spi.network;

/**
 * Installs a configured network filter on each new connection of a listener.
 *
 * <p>Made once per filter config by {@link NetworkFilterFactory#configure}; {@link #install} is then called for
 * every accepted connection, on that connection's event loop, possibly on several event loops at once. It
 * must be thread-safe and should do no more than create the per-connection filter objects.
 */
@FunctionalInterface
public interface NetworkFilterInstaller {

    /**
     * Adds this filter's instances for one connection.
     *
     * @param filters the connection's chain
     */
    void install(ConnectionFilters filters);
}
