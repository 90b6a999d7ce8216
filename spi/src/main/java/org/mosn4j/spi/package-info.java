/**
 * The API a mosn4j plugin compiles against.
 *
 * <p>Every extension point is a {@link org.mosn4j.spi.TypedExtension}: the kernel finds an implementation by
 * the {@code "type"} string that a MOSN-format JSON config names. The sub-packages follow the proxy's four
 * layers: {@code network} (connections and network filters), {@code protocol} (codecs), {@code stream}
 * (streams and stream filters) and {@code upstream} (clusters, hosts and upstream connections), plus
 * {@code config} for binding a plugin's JSON block with MOSN's decoding rules.
 */
package org.mosn4j.spi;
