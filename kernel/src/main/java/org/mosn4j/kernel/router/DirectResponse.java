package org.mosn4j.kernel.router;

/**
 * A route's {@code direct_response}: the proxy answers with this status and body and calls no upstream.
 *
 * @param status an HTTP status from 100 to 599
 * @param body the body; empty for none
 */
public record DirectResponse(int status, String body) {
}
