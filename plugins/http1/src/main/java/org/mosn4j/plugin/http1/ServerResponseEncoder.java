package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/** Netty's response encoder, told whether the response answers a {@code HEAD} request (then no body goes out). */
final class ServerResponseEncoder extends HttpResponseEncoder {

    private boolean headRequest;

    /** @param headRequest whether the next response answers {@code HEAD}; set before writing its headers */
    void headRequest(boolean headRequest) {
        this.headRequest = headRequest;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return headRequest || super.isContentAlwaysEmpty(msg);
    }
}
