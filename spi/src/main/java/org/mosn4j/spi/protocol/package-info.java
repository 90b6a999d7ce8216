/**
 * Protocol layer contracts: codecs that turn a connection's bytes into streams and back, named by the
 * {@code proxy} filter's {@code downstream_protocol} and {@code upstream_protocol}.
 *
 * <p>Threading: a stream connection belongs to its connection's event loop; every method on it, and every
 * callback it makes, runs there.
 */
package org.mosn4j.spi.protocol;
