/**
 * TLS in the NET/IO layer, below every protocol: the engine (OpenSSL through netty-tcnative when it loads, the
 * JDK's otherwise), {@code tls_context} settings, certificates read from inline PEM or files and reloaded when
 * the files change, the handlers that pick a listener's filter chain by SNI (and take plaintext where the
 * listener's inspector allows it), and the client side for clusters.
 */
package org.mosn4j.kernel.network.tls;
