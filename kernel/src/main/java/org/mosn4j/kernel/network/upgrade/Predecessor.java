package org.mosn4j.kernel.network.upgrade;

import java.util.List;

/**
 * What {@link ListenerHandoverServer} needs from the running server whose sockets it offers. Every method is
 * called on the handover's own thread, never on an event loop, so it may block.
 */
public interface Predecessor {

    /** @return the sockets that can be handed over now, or null when the server is stopping (the request is refused) */
    List<OfferedSocket> offeredSockets();

    /**
     * The successor serves on the handed-over sockets: stop accepting on every socket (closing this process's
     * descriptors; the successor's duplicates keep the sockets open). Returns once no server channel accepts.
     */
    void stopAccepting();

    /** Drains open connections and stops, as on SIGTERM; called on a new thread once the successor was told. */
    void drain();
}
