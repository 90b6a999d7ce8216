package org.mosn4j.spi.stream;

/** What a stream filter tells the chain. */
public enum StreamFilterStatus {
    /** Go on to the next filter. */
    CONTINUE,
    /**
     * Stop here. Later filters (and for requests, the upstream) see nothing until the filter calls
     * {@link StreamFilterHandler#resume()}, or it has answered with a direct response.
     */
    STOP
}
