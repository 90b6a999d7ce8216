/**
 * Trace context propagation: the top-level {@code tracing} block, W3C {@code traceparent} and B3 headers read,
 * created when absent and written upstream with a new span id per proxied request.
 */
package org.mosn4j.kernel.tracing;
