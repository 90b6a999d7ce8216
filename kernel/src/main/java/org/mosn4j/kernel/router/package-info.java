/**
 * Proxy layer, routing: router configs from {@code servers[0].routers} and from the built-in
 * {@code connection_manager} network filter of older MOSN configs.
 */
package org.mosn4j.kernel.router;
