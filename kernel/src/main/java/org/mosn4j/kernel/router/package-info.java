/**
 * Proxy layer, routing: router configs from {@code servers[0].routers} and from the built-in
 * {@code connection_manager} network filter of older MOSN configs, built into {@link
 * org.mosn4j.kernel.router.RouterTables} that find a request's {@link org.mosn4j.kernel.router.RouteEntry}
 * by virtual host domain and route match. Everything here is immutable and free of I/O.
 */
package org.mosn4j.kernel.router;
