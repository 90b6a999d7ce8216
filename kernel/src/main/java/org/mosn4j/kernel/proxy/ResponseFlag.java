package org.mosn4j.kernel.proxy;

/** Why the proxy answered a request itself, with MOSN's names (for %response_flag%) and status codes. */
enum ResponseFlag {
    NONE("", 0),
    NO_ROUTE("NoRouteFound", 404),
    NO_HEALTHY_UPSTREAM("NoHealthyUpstream", 502),
    UPSTREAM_CONNECTION_FAILURE("UpstreamConnectionFailure", 502),
    UPSTREAM_REMOTE_RESET("UpstreamRemoteReset", 502),
    UPSTREAM_OVERFLOW("UpstreamOverflow", 503),
    UPSTREAM_REQUEST_TIMEOUT("UpstreamRequestTimeout", 504),
    DOWNSTREAM_TERMINATE("DownstreamTerminate", 0),
    DIRECT_RESPONSE("", 0);

    private final String mosnName;
    private final int status;

    ResponseFlag(String mosnName, int status) {
        this.mosnName = mosnName;
        this.status = status;
    }

    String mosnName() {
        return mosnName;
    }

    /** @return the status the proxy answers with for this cause */
    int status() {
        return status;
    }
}
