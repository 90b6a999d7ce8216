package org.mosn4j.plugin.dubbo;

/**
 * Dubbo's response status codes, and their mapping to and from the HTTP status codes the kernel uses for its
 * own replies, stats and access logs.
 */
final class DubboStatus {

    static final int OK = 20;
    static final int CLIENT_TIMEOUT = 30;
    static final int SERVER_TIMEOUT = 31;
    static final int CHANNEL_INACTIVE = 35;
    static final int BAD_REQUEST = 40;
    static final int BAD_RESPONSE = 50;
    static final int SERVICE_NOT_FOUND = 60;
    static final int SERVICE_ERROR = 70;
    static final int SERVER_ERROR = 80;
    static final int CLIENT_ERROR = 90;
    static final int SERVER_THREADPOOL_EXHAUSTED_ERROR = 100;

    private DubboStatus() {
    }

    /**
     * The HTTP status that stands for a Dubbo status in stats and access logs, so that a failed call counts as
     * one.
     *
     * @param status a Dubbo status
     * @return 200 for OK, 504 for timeouts, 4xx for the consumer's errors, 5xx for the provider's
     */
    static int toHttp(int status) {
        return switch (status) {
            case OK -> 200;
            case CLIENT_TIMEOUT, SERVER_TIMEOUT -> 504;
            case BAD_REQUEST, CLIENT_ERROR -> 400;
            case SERVICE_NOT_FOUND -> 404;
            case CHANNEL_INACTIVE, BAD_RESPONSE -> 502;
            case SERVER_THREADPOOL_EXHAUSTED_ERROR -> 503;
            default -> 500;
        };
    }

    /**
     * The Dubbo status for a reply the proxy makes itself with an HTTP status: no route (404) is
     * SERVICE_NOT_FOUND; no healthy host, a failed connect, an upstream reset (502) and overflow (503) are
     * SERVICE_ERROR; an upstream timeout (504) is SERVER_TIMEOUT, which consumers raise as a timeout; a rate
     * limit (429) is SERVER_THREADPOOL_EXHAUSTED_ERROR; other 4xx are BAD_REQUEST and other 5xx SERVER_ERROR.
     * Anything else (a direct response with 200, or an HTTP upstream's answer) cannot be a Dubbo result and is
     * BAD_RESPONSE.
     *
     * @param httpStatus the status of the proxy's reply
     * @return the Dubbo status to answer with
     */
    static int fromHttp(int httpStatus) {
        return switch (httpStatus) {
            case 404 -> SERVICE_NOT_FOUND;
            case 502, 503 -> SERVICE_ERROR;
            case 504 -> SERVER_TIMEOUT;
            case 429 -> SERVER_THREADPOOL_EXHAUSTED_ERROR;
            default -> httpStatus >= 400 && httpStatus < 500 ? BAD_REQUEST
                    : httpStatus >= 500 && httpStatus < 600 ? SERVER_ERROR : BAD_RESPONSE;
        };
    }
}
