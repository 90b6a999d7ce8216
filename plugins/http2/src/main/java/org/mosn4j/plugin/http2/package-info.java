/**
 * The {@code Http2} protocol (protocol layer): HTTP/2 over cleartext with prior knowledge (h2c), each HTTP/2
 * stream one mosn4j stream, on downstream connections ({@link org.mosn4j.plugin.http2.Http2ServerConnection})
 * and upstream ones ({@link org.mosn4j.plugin.http2.Http2ClientConnection}).
 *
 * <p>Framing, HPACK, flow control and the protocol's defences are Netty's {@code Http2FrameCodec}, run per
 * connection on an embedded channel ({@link org.mosn4j.plugin.http2.EmbeddedHttp2Codec}) because the kernel
 * hands a protocol bytes, not a pipeline. Bodies stream: DATA frames are handed on as they arrive, and their
 * flow-control window is returned only once the stream's reader takes them, so a paused reader stops its
 * peer through HTTP/2 flow control rather than through the proxy's memory.
 *
 * <p>Threading: everything here runs on the connection's event loop; nothing is thread-safe.
 */
package org.mosn4j.plugin.http2;
