package org.mosn4j.kernel.upstream.pool;

import org.mosn4j.spi.protocol.ClientStreamConnection;

/** Told when a stream asked of a pool can start, or cannot. Called on the pool's event loop, once. */
public interface PoolCallbacks {

    /** @param connection a connection ready for one new stream; call {@code newStream} on it now */
    void onReady(ClientStreamConnection connection);

    /** @param failure why no connection could be had */
    void onFailure(PoolFailure failure);
}
