package org.mosn4j.kernel.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One admin path: the method it accepts and what it answers. Handlers are called on an event loop and must not
 * block it: work that may block (such as loading a plugin jar) runs elsewhere and completes the stage later.
 *
 * @param path such as {@code /api/v1/stats}
 * @param method the only method accepted; others get 405
 * @param handler computes the response
 */
record AdminEndpoint(String path, HttpMethod method, AsyncHandler handler) {

    /** Answers at once, from memory. */
    @FunctionalInterface
    interface Handler {
        AdminResponse handle(AdminRequest request) throws Exception;
    }

    /** Answers when the returned stage completes, on any thread. */
    @FunctionalInterface
    interface AsyncHandler {
        CompletionStage<AdminResponse> handle(AdminRequest request) throws Exception;
    }

    static AdminEndpoint of(String path, HttpMethod method, Handler handler) {
        return new AdminEndpoint(path, method, request -> CompletableFuture.completedFuture(handler.handle(request)));
    }
}
