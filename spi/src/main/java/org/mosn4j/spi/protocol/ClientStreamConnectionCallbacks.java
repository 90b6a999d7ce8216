package org.mosn4j.spi.protocol;

/** Connection-level events of a client stream connection, for the pool that owns it. */
public interface ClientStreamConnectionCallbacks {

    /**
     * A stream finished (both messages complete, or reset).
     *
     * @param reusable whether the connection can carry more streams (false after {@code Connection: close},
     *                 a reset, or a protocol error: the pool should close it)
     */
    void onStreamComplete(boolean reusable);
}
