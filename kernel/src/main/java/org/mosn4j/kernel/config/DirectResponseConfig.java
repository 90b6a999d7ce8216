package org.mosn4j.kernel.config;

/** A route's {@code direct_response}: answer with this status and body without any upstream. */
public record DirectResponseConfig(Integer status, String body) {
}
