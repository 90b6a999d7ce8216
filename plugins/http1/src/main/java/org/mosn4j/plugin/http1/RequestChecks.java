package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;

/**
 * What makes a request unacceptable beyond what {@link ServerRequestDecoder} rejects itself, and which status
 * answers a refused request.
 */
final class RequestChecks {

    /** Why a request is refused. */
    record Rejection(HttpResponseStatus status, String reason) {
    }

    private RequestChecks() {
    }

    /** @return the rejection for a request Netty's decoder failed on */
    static Rejection decoderFailure(Throwable cause) {
        HttpResponseStatus status;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
        }
        return new Rejection(status, String.valueOf(cause.getMessage()));
    }

    /** @return why a decoded request is refused, or null when it is acceptable */
    static Rejection check(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return new Rejection(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "version " + version.text());
        }
        boolean http11 = version.minorVersion() == 1;
        HttpHeaders headers = request.headers();
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()
                && (codings.size() != 1 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).trim()))) {
            // Netty decodes the chunks of "gzip, chunked" but the coding under them would be lost upstream.
            return new Rejection(HttpResponseStatus.NOT_IMPLEMENTED, "Transfer-Encoding " + codings);
        }
        int hosts = headers.getAll(HttpHeaderNames.HOST).size();
        if (hosts > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "several Host headers");
        }
        if (hosts == 0 && http11) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "no Host header in an HTTP/1.1 request");
        }
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null && http11 && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            return new Rejection(HttpResponseStatus.EXPECTATION_FAILED, "Expect: " + expect);
        }
        return null;
    }
}
