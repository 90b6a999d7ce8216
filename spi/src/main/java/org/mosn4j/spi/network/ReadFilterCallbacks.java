package org.mosn4j.spi.network;

/**
 * A read filter's handle to its connection, given by {@link ReadFilter#initReadFilterCallbacks}.
 * Use it on the connection's event loop.
 */
public interface ReadFilterCallbacks {

    /** @return the connection this filter is installed on */
    Connection connection();
}
