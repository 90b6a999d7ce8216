package org.mosn4j.spi.network;

/** How a connection is closed locally. */
public enum CloseType {
    /** Write out what is already queued, then close. */
    FLUSH_WRITE,
    /** Close at once, discarding queued writes. */
    NO_FLUSH
}
