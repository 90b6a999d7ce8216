package org.mosn4j.spi.protocol;

import org.mosn4j.spi.TypedExtension;

/**
 * Extension point for a protocol such as {@code "Http1"}, {@code "Http2"} or {@code "dubbo"}, named by the
 * {@code proxy} filter's {@code downstream_protocol} and {@code upstream_protocol}.
 *
 * <p>The kernel already resolves these names at startup, so a config naming a protocol whose plugin is not
 * installed fails with a clear error. The codec contract (first-bytes matching for {@code Auto}, server and
 * client stream connections) is added with the HTTP/1.1 proxy.
 */
public interface Protocol extends TypedExtension {
}
