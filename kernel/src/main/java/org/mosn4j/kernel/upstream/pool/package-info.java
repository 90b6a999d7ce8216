/**
 * Upstream connection pools: per event loop, per host and protocol, so a downstream stream and the upstream
 * connection it uses share one thread. A pool reuses kept-alive connections, opens new ones when every
 * connection is busy, and queues streams while connections are being opened.
 */
package org.mosn4j.kernel.upstream.pool;
