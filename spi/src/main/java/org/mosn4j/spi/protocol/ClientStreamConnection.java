package org.mosn4j.spi.protocol;

import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;

/** The client side of a protocol on an upstream connection. */
public interface ClientStreamConnection extends StreamConnection {

    /**
     * Starts a request.
     *
     * @param responseDecoder where the response goes
     * @return where the request is sent
     */
    StreamEncoder newStream(StreamDecoder responseDecoder);

    /** @return whether another stream can start now (HTTP/1: no stream active and the connection reusable) */
    boolean canStartStream();
}
