package org.mosn4j.plugin.filters.payloadlimit;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * The {@code payload_limit} filter's JSON block, as MOSN writes it.
 *
 * @param maxEntitySize the largest request body in bytes; 0 or absent: no limit. MOSN's own struct reads the key
 *                      with a trailing space ({@code "max_entity_size "}), which is accepted too
 * @param httpStatus the status of the reply to a larger request; default 413
 * @param disabled true turns the filter off (useful in a route's {@code per_filter_config})
 */
record PayloadLimitConfig(@JsonAlias("max_entity_size ") Long maxEntitySize, Integer httpStatus, Boolean disabled) {
}
