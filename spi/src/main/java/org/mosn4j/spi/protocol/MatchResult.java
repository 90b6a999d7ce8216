package org.mosn4j.spi.protocol;

/** What a protocol says about the first bytes of a connection, for {@code "Auto"} detection. */
public enum MatchResult {
    /** These bytes start this protocol. */
    MATCH,
    /** Too few bytes to tell; ask again with more. */
    NEED_MORE_DATA,
    /** These bytes are not this protocol. */
    NO_MATCH
}
