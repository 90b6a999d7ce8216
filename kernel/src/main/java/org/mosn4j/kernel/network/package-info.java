/**
 * NET/IO layer: the transport (native epoll or NIO), listeners that accept connections, and the
 * {@link org.mosn4j.spi.network.Connection} implementation that runs each connection's network filters.
 */
package org.mosn4j.kernel.network;
