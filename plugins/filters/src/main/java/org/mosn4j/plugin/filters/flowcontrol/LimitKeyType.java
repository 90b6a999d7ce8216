package org.mosn4j.plugin.filters.flowcontrol;

import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;

/**
 * MOSN's {@code limit_key_type}: which part of a request names the resource its rules are looked up by.
 *
 * <p>HTTP/1.1 and HTTP/2 requests (gRPC calls included) are read from {@code :path}. A Dubbo request has no
 * path: its resource is {@code /service/method} (the {@code service} and {@code method} headers the dubbo
 * protocol sets, as in a gRPC path) for PATH and URI, and it has no ARG.
 */
enum LimitKeyType {
    /** The path without the query string. */
    PATH,
    /** The path with the query string. */
    URI,
    /** The query string alone. */
    ARG;

    /** Dubbo's request headers naming the call. */
    private static final String SERVICE = "service";
    private static final String METHOD = "method";

    /** @return the resource of the request with {@code headers}, or null when it has none */
    String resourceOf(HeaderMap headers) {
        String path = headers.get(HeaderNames.PATH);
        if (path != null) {
            int query = path.indexOf('?');
            return switch (this) {
                case PATH -> query < 0 ? path : path.substring(0, query);
                case URI -> path;
                case ARG -> query < 0 || query == path.length() - 1 ? null : path.substring(query + 1);
            };
        }
        String service = headers.get(SERVICE);
        String method = headers.get(METHOD);
        if (this == ARG || service == null || method == null) {
            return null;
        }
        return "/" + service + "/" + method;
    }

    /** @return the type named exactly {@code name}, or null */
    static LimitKeyType named(String name) {
        for (LimitKeyType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
