package org.mosn4j.kernel.admin;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What an admin endpoint answers.
 *
 * @param status HTTP status
 * @param contentType content type of the body
 * @param body the body text
 */
record AdminResponse(HttpResponseStatus status, String contentType, String body) {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    static AdminResponse text(HttpResponseStatus status, String body) {
        return new AdminResponse(status, TEXT, body);
    }

    static AdminResponse json(String body) {
        return json(HttpResponseStatus.OK, body);
    }

    static AdminResponse json(HttpResponseStatus status, String body) {
        return new AdminResponse(status, JSON, body);
    }

    /** MOSN's error body: {@code {"error": "..."}}. */
    static AdminResponse error(HttpResponseStatus status, String message) {
        return new AdminResponse(status, JSON, "{\n\t\"error\": \"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n}\n");
    }
}
