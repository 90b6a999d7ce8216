package org.mosn4j.spi.stream;

/** Pseudo header names that protocols map their own fields to, so routing and filters work on any protocol. */
public final class HeaderNames {

    /** HTTP request method. */
    public static final String METHOD = ":method";
    /** HTTP request target: path and query. */
    public static final String PATH = ":path";
    /** HTTP authority (Host). */
    public static final String AUTHORITY = ":authority";
    /** {@code http} or {@code https}. */
    public static final String SCHEME = ":scheme";
    /** Response status code, in decimal. */
    public static final String STATUS = ":status";

    private HeaderNames() {
    }
}
