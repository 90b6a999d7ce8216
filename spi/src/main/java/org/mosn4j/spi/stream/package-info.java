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
 *
 * <p>Failures: a filter callback that throws fails only its own stream. The proxy answers it with status 500
 * (which other protocols map to their own error reply) or, once the response has started, resets it; the
 * connection and its other streams go on. The failure is logged with the filter's type, with a stack trace at
 * most once per burst. A chunk passed to an {@code onData} that throws is released by the proxy if the filter
 * left it alive.
 */
package org.mosn4j.spi.stream;
