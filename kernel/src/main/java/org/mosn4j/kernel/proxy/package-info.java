/**
 * Proxy layer entry: the built-in {@code proxy} network filter, which hands a connection's bytes to the
 * protocol named by {@code downstream_protocol} and routes the resulting streams.
 */
package org.mosn4j.kernel.proxy;
