/**
 * Stream layer contracts: a protocol-neutral {@link org.mosn4j.spi.stream.HeaderMap}, the decoder and
 * encoder of a stream's messages, and stream filters, named by a listener's {@code stream_filters[].type} and
 * by the keys of {@code per_filter_config}.
 *
 * <p>Threading: a stream, its messages and its filters belong to the downstream connection's event loop;
 * every method here is called there, and filters must not block it.
 *
 * <p>Buffers: a {@link io.netty.buffer.ByteBuf} handed over through {@code onData} or {@code encodeData}
 * belongs to the receiver from then on, which releases it or passes it on.
 */
package org.mosn4j.spi.stream;
