package org.mosn4j.spi.protocol;

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
}
