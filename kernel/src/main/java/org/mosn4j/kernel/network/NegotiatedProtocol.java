package org.mosn4j.kernel.network;

import io.netty.handler.ssl.SslHandler;
import org.mosn4j.kernel.network.tls.ApplicationProtocols;
import org.mosn4j.spi.network.Connection;

/** What a connection's TLS handshake agreed on through ALPN, for the layers above that pick a protocol. */
public final class NegotiatedProtocol {

    private NegotiatedProtocol() {
    }

    /**
     * @param connection a connection of the kernel's, on its event loop
     * @return the protocol type the negotiated ALPN id stands for ({@code Http2} for {@code h2}, {@code Http1} for
     *         {@code http/1.1}), or null without TLS, without ALPN or for other ids
     */
    public static String protocolType(Connection connection) {
        if (!(connection instanceof ChannelConnection own) || own.channel() == null) {
            return null;
        }
        SslHandler ssl = own.channel().pipeline().get(SslHandler.class);
        return ssl == null ? null : ApplicationProtocols.protocolType(ssl.applicationProtocol());
    }
}
