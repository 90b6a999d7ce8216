package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * Netty's response decoder, told whether the response answers a {@code HEAD} request: such a response has no
 * body whatever its {@code Content-Length} says.
 */
final class ClientResponseDecoder extends HttpResponseDecoder {

    private boolean headRequest;

    ClientResponseDecoder(Http1Limits limits) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineLength())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(ServerRequestDecoder.MAX_CHUNK_SIZE));
    }

    /** @param headRequest whether the request now on the connection is {@code HEAD} */
    void headRequest(boolean headRequest) {
        this.headRequest = headRequest;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (headRequest && ((HttpResponse) msg).status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
