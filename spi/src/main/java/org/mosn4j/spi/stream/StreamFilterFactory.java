package org.mosn4j.spi.stream;

import org.mosn4j.spi.TypedExtension;

/**
 * Extension point for a stream filter, named by a listener's {@code stream_filters[].type}.
 *
 * <p>The kernel already resolves these names at startup, so a config naming a filter whose plugin is not
 * installed fails with a clear error. The per-stream filter contract is added with the HTTP/1.1 proxy.
 */
public interface StreamFilterFactory extends TypedExtension {
}
