package org.mosn4j.kernel.network.upgrade;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One message of the handover conversation; {@link HandoverCodec} carries each as a JSON object in a
 * length-prefixed frame. The file descriptors themselves travel between {@link Type#SEND_FDS} and
 * {@link Type#TAKEN}, one per one-byte message with SCM_RIGHTS, in the order of the offer.
 *
 * <pre>
 * new process (client)                  old process (server)
 *   REQUEST  version, pid, sockets  -&gt;
 *                                   &lt;-  OFFER  pid, sockets (those it has, in request order) | REFUSED reason
 *   SEND_FDS (now reading fds)      -&gt;
 *                                   &lt;-  one descriptor per offered socket
 *   TAKEN (serving on them)         -&gt;
 *                                   &lt;-  DRAINING (stopped accepting; drains and exits)
 *   or ABORT reason, or closing the connection before TAKEN: the old process carries on untouched
 * </pre>
 *
 * @param type what the message says
 * @param version the conversation's version, in {@link Type#REQUEST}
 * @param pid the sender's process id, in {@link Type#REQUEST} and {@link Type#OFFER}
 * @param sockets requested, or offered, sockets
 * @param reason why, in {@link Type#REFUSED} and {@link Type#ABORT}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HandoverMessage(Type type, Integer version, Long pid, List<SocketKey> sockets, String reason) {

    /** The version this code speaks; a request of another is refused. */
    static final int VERSION = 1;

    enum Type { REQUEST, OFFER, REFUSED, SEND_FDS, TAKEN, ABORT, DRAINING }

    static HandoverMessage request(List<SocketKey> sockets) {
        return new HandoverMessage(Type.REQUEST, VERSION, ProcessHandle.current().pid(), sockets, null);
    }

    static HandoverMessage offer(List<SocketKey> sockets) {
        return new HandoverMessage(Type.OFFER, null, ProcessHandle.current().pid(), sockets, null);
    }

    static HandoverMessage refused(String reason) {
        return new HandoverMessage(Type.REFUSED, null, ProcessHandle.current().pid(), null, reason);
    }

    static HandoverMessage abort(String reason) {
        return new HandoverMessage(Type.ABORT, null, null, null, reason);
    }

    static HandoverMessage of(Type type) {
        return new HandoverMessage(type, null, null, null, null);
    }

    /** @return the sockets, never null */
    List<SocketKey> socketList() {
        return sockets == null ? List.of() : sockets;
    }
}
