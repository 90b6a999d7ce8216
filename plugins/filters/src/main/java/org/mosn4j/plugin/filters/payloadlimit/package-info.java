/**
 * The {@code payload_limit} stream filter: answers requests whose body is larger than a limit, checked on
 * {@code Content-Length} when the headers arrive and on the bytes counted as the body streams.
 */
package org.mosn4j.plugin.filters.payloadlimit;
