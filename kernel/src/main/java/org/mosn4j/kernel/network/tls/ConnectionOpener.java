package org.mosn4j.kernel.network.tls;

import io.netty.channel.Channel;
import java.util.List;
import org.mosn4j.spi.network.NetworkFilterInstaller;

/**
 * Puts the connection handler at the end of a channel's pipeline and opens it, once the listener's TLS
 * handlers know which filter chain the connection belongs to (after the handshake, or at once for plaintext).
 * Called on the channel's event loop.
 */
@FunctionalInterface
public interface ConnectionOpener {

    /**
     * @param channel the accepted channel
     * @param installers the network filters of the chosen filter chain
     */
    void open(Channel channel, List<NetworkFilterInstaller> installers);
}
