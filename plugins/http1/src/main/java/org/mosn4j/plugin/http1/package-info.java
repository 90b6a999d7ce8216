/**
 * The {@code Http1} protocol (protocol layer): HTTP/1.0 and HTTP/1.1 requests and responses as streams, on
 * downstream connections ({@link org.mosn4j.plugin.http1.Http1ServerConnection}) and upstream ones
 * ({@link org.mosn4j.plugin.http1.Http1ClientConnection}).
 *
 * <p>Parsing is Netty's {@code codec-http} decoders, run per connection on an embedded channel
 * ({@link org.mosn4j.plugin.http1.EmbeddedDecoder}) because the kernel hands a protocol bytes, not a pipeline.
 * Serialising writes the message head straight from the stream's header map into one buffer
 * ({@link org.mosn4j.plugin.http1.HeaderBlockWriter}) and frames the body ({@link org.mosn4j.plugin.http1.BodyFraming}),
 * with no intermediate header object. Bodies stream: each decoded chunk is a retained slice of the bytes read, handed on without
 * copying; nothing aggregates a whole message.
 *
 * <p>Threading: everything here runs on the connection's event loop; nothing is thread-safe.
 */
package org.mosn4j.plugin.http1;
