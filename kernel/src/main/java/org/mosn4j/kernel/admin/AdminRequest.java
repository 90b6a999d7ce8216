package org.mosn4j.kernel.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * A parsed admin request.
 *
 * @param method HTTP method
 * @param path the path without query
 * @param params query parameters in order; a key without value maps to an empty string
 * @param body the request body as text
 */
record AdminRequest(HttpMethod method, String path, Map<String, List<String>> params, String body) {

    String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
