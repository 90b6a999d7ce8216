/**
 * NET/IO layer contracts: {@link org.mosn4j.spi.network.Connection connections} and the network filters a
 * listener's filter chain installs on each of them.
 *
 * <p>Threading: every connection is owned by one event loop. All callbacks on a connection, its read and
 * write filters and its {@link org.mosn4j.spi.network.ConnectionCallbacks} run on that event loop, one at a
 * time, so filters need no locks. Calls into a {@link org.mosn4j.spi.network.Connection} from another
 * thread are handed to its event loop.
 *
 * <p>Buffers: a {@link io.netty.buffer.ByteBuf} handed to a filter is owned by the filter for the duration of
 * the call; see {@link org.mosn4j.spi.network.ReadFilter#onData} for who releases it.
 */
package org.mosn4j.spi.network;
