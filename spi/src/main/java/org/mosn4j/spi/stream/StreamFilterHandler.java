package org.mosn4j.spi.stream;

import org.mosn4j.spi.network.Connection;

/** What a stream filter may use of its stream. Valid until the stream ends; use on the event loop only. */
public interface StreamFilterHandler {

    /** @return the downstream connection */
    Connection connection();

    /** @return the route, or null before routing (receiver filters in {@link FilterPhase#BEFORE_ROUTE}) */
    RouteInfo route();

    /** @return the request headers (changes made by receiver filters before routing affect routing) */
    HeaderMap requestHeaders();

    /**
     * Resumes the chain after this filter returned {@link StreamFilterStatus#STOP}: the next filter (or the
     * upstream) sees the part the filter stopped.
     */
    void resume();
}
