package org.mosn4j.spi.protocol;

/** The server side of a protocol on a downstream connection. */
public interface ServerStreamConnection extends StreamConnection {

    /**
     * Asks the peer to stop sending new requests and lets active ones finish (HTTP/1: {@code Connection:
     * close} on the next response; HTTP/2: GOAWAY).
     */
    void shutdownGracefully();
}
