/**
 * The {@code Http1} protocol (protocol layer): HTTP/1.0 and HTTP/1.1 requests and responses as streams, on
 * downstream connections ({@link org.mosn4j.plugin.http1.Http1ServerConnection}) and upstream ones
 * ({@link org.mosn4j.plugin.http1.Http1ClientConnection}).
 *
 * <p>Parsing and serialising are Netty's {@code codec-http} decoders and encoders, run per connection on an
 * embedded channel ({@link org.mosn4j.plugin.http1.EmbeddedCodec}) because the kernel hands a protocol bytes,
 * not a pipeline. Bodies stream: each decoded chunk is a retained slice of the bytes read, handed on without
 * copying; nothing aggregates a whole message.
 *
 * <p>Threading: everything here runs on the connection's event loop; nothing is thread-safe.
 */
package org.mosn4j.plugin.http1;
