/**
 * The {@code fault} stream filter: delays requests (without blocking the event loop) or answers them with an
 * error status, for a percentage of the requests that match its headers and upstream cluster.
 */
package org.mosn4j.plugin.filters.fault;
