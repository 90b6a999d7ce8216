package org.mosn4j.spi.protocol;

import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;

/** Told by a server stream connection about each new request. Called on the connection's event loop. */
public interface ServerStreamListener {

    /**
     * A request began.
     *
     * @param responseEncoder where the response is sent
     * @return where the request's headers, data and trailers go
     */
    StreamDecoder newStream(StreamEncoder responseEncoder);

    /**
     * A request's headers did not arrive whole within the protocol's time for them (a slow or stalled client,
     * such as a slowloris attack); the protocol answers it itself and closes the connection. For counting.
     */
    default void onRequestHeaderTimeout() {
    }

    /**
     * The protocol refused something on its own (see {@link ProtocolRejection}): it answered a request itself,
     * refused a stream or is closing the connection. No stream was started for it, or the one started is reset.
     * For counting; the protocol has already acted.
     *
     * @param rejection what was refused
     */
    default void onRejected(ProtocolRejection rejection) {
    }

    /**
     * An HTTP/1.1 request asks to switch the connection to another protocol ({@code Upgrade}, RFC 9110 section
     * 7.8). Asked before anything is answered, so a refusal lets the request be served as it is.
     *
     * @param token one token of the request's {@code Upgrade} header, such as {@code h2c}
     * @param request the request's headers (pseudo headers included); not to be kept
     * @return whether {@link #upgrade} may be called with this token and request
     */
    default boolean acceptsUpgrade(String token, HeaderMap request) {
        return false;
    }

    /**
     * Switches the connection: the old protocol has written its switching response ({@code 101}) and gives up
     * the connection; from now on the bytes read go to the new protocol's server stream connection, which
     * answers {@code request} as its first stream.
     *
     * @param token a token {@link #acceptsUpgrade} accepted for this request
     * @param request the upgrade request's headers; ownership passes to the listener. The request has no body.
     * @param leftover bytes the old protocol read after the request (possibly empty); ownership passes to the
     *                 listener
     * @param endOfStream whether the peer closed its side after those bytes
     */
    default void upgrade(String token, HeaderMap request, ByteBuf leftover, boolean endOfStream) {
        leftover.release();
        throw new UnsupportedOperationException("no protocol upgrade to " + token);
    }
}
