package org.mosn4j.kernel.admin;

import io.netty.handler.codec.http.HttpMethod;

/**
 * One admin path: the method it accepts and what it answers. Handlers run on an event loop and must not block.
 *
 * @param path such as {@code /api/v1/stats}
 * @param method the only method accepted; others get 405
 * @param handler computes the response
 */
record AdminEndpoint(String path, HttpMethod method, Handler handler) {

    @FunctionalInterface
    interface Handler {
        AdminResponse handle(AdminRequest request) throws Exception;
    }
}
