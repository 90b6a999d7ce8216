package org.mosn4j.kernel.router;

import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;

/**
 * A route's {@code redirect}: the proxy answers with {@link #responseCode()} and a {@code Location} built from
 * the request's URL with the configured parts replaced.
 *
 * @param responseCode 301, 302, 303, 307 or 308
 * @param schemeRedirect the scheme to use, or null to keep the request's
 * @param hostRedirect the authority (host and optional port) to use, or null to keep the request's
 * @param pathRedirect the path to use, or null to keep the request's; with a {@code ?} it also replaces the query
 */
public record Redirect(int responseCode, String schemeRedirect, String hostRedirect, String pathRedirect) {

    /**
     * @param request the request headers
     * @return the {@code Location} value; a path without scheme and host when neither the request nor the
     *         config names a host
     */
    public String location(HeaderMap request) {
        PathAndQuery target = PathAndQuery.of(request.get(HeaderNames.PATH));
        String path = target == null || target.path().isEmpty() ? "/" : target.path();
        String query = target == null ? "" : target.query();
        if (pathRedirect != null) {
            PathAndQuery configured = PathAndQuery.of(pathRedirect);
            path = configured.path();
            if (!configured.query().isEmpty()) {
                query = configured.query();
            }
        }
        String host = hostRedirect != null ? hostRedirect : request.get(HeaderNames.AUTHORITY);
        if (host == null || host.isEmpty()) {
            return path + query;
        }
        String scheme = schemeRedirect != null ? schemeRedirect : request.get(HeaderNames.SCHEME);
        return (scheme == null || scheme.isEmpty() ? "http" : scheme) + "://" + host + path + query;
    }
}
