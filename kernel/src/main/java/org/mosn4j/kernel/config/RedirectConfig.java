package org.mosn4j.kernel.config;

/**
 * A route's {@code redirect}: answer with a redirect to the request's URL with the parts set here replaced.
 * {@code response_code} defaults to 301.
 */
public record RedirectConfig(Integer responseCode, String pathRedirect, String hostRedirect, String schemeRedirect) {
}
