/**
 * The {@code tcp_proxy} network filter (NET/IO layer): each downstream connection gets an upstream connection
 * to a host of the chosen cluster, on the same event loop, and bytes are piped both ways with backpressure
 * and half-close passed through.
 */
package org.mosn4j.plugin.tcpproxy;
