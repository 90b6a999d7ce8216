package org.mosn4j.kernel.network.upgrade;

import io.netty.channel.Channel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;

/**
 * A listening socket the running process can hand over: its key and the server channel that owns the
 * descriptor. Handing over sends a duplicate; the channel keeps owning, and later closes, its own descriptor.
 *
 * @param key what the successor asks for
 * @param channel the bound server channel, of the epoll transport
 */
public record OfferedSocket(SocketKey key, Channel channel) {

    /** @return the channel's descriptor, or null when it is closed or not a Unix channel */
    FileDescriptor descriptor() {
        if (!channel.isOpen() || !(channel instanceof UnixChannel unix)) {
            return null;
        }
        return unix.fd();
    }
}
