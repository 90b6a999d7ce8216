package org.mosn4j.spi.stream;

/** When a receiver (request) filter runs, relative to routing and host choice. */
public enum FilterPhase {
    /** Before the route is matched: the filter may change what routing sees. */
    BEFORE_ROUTE,
    /** After the route is matched ({@link StreamFilterHandler#route()} is set), before a host is chosen. */
    AFTER_ROUTE,
    /** After the upstream host is chosen, just before the request goes out. */
    AFTER_CHOOSE_HOST
}
