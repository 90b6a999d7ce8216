/**
 * The {@code dubbo} protocol (protocol layer), also reachable as MOSN's {@code X} with sub-protocol
 * {@code dubbo}: Dubbo 2 frames (a 16-byte header, then a body) on downstream connections
 * ({@link org.mosn4j.plugin.dubbo.DubboServerConnection}) and upstream ones
 * ({@link org.mosn4j.plugin.dubbo.DubboClientConnection}).
 *
 * <p>Each request is one stream, delivered whole. The proxy reads from a hessian2 body only what routing needs
 * (service, method, version, group, attachments; {@link org.mosn4j.plugin.dubbo.InvocationDecoder}) and
 * forwards the body as it came. Upstream connections carry many requests at once under ids of their own; a
 * response is matched by id and sent back with the consumer's id. Heartbeats are answered on each side and
 * never forwarded; one-way requests get no response. Replies the proxy makes itself (no route, no upstream,
 * timeouts) reach the consumer as Dubbo error responses ({@link org.mosn4j.plugin.dubbo.DubboStatus}).
 *
 * <p>Threading: everything here runs on the connection's event loop; nothing is thread-safe unless it says so.
 */
package org.mosn4j.plugin.dubbo;
