package org.mosn4j.spi.network;

/**
 * Receives a connection's lifecycle and flow-control events.
 *
 * <p>Called on the connection's event loop. Each close event is delivered once, after which no other event
 * follows.
 */
public interface ConnectionCallbacks {

    /**
     * A lifecycle event.
     *
     * @param event what happened
     */
    void onEvent(ConnectionEvent event);

    /**
     * The connection's queued, unwritten bytes crossed its high watermark ({@code writable == false}) or fell
     * back under its low watermark ({@code writable == true}). A filter feeding this connection from another
     * one should stop reading the other one while this connection is not writable, so memory stays bounded.
     *
     * @param writable whether writes are accepted without growing the queue past its limit
     */
    default void onWritabilityChanged(boolean writable) {
    }

    /**
     * The process is stopping gracefully: no new connections are accepted, and this one should finish what
     * it is doing and close (a protocol tells its peer to stop sending requests; an idle connection can close
     * now). The connection is closed anyway when {@code graceful_timeout} ends.
     */
    default void onDrain() {
    }
}
