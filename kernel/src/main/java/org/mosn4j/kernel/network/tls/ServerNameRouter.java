package org.mosn4j.kernel.network.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.List;

/**
 * Reads the server name (SNI) from a connection's ClientHello, picks the listener's filter chain for it and
 * replaces itself with an {@link SslHandler} of that chain's current context. A chain matches when the name is
 * its {@code server_name} or one of its certificate's names (wildcards included); no name, or none that
 * matches, gets the first chain, as MOSN does.
 */
final class ServerNameRouter extends AbstractSniHandler<ServerChain> {

    private final List<ServerChain> chains;
    private final DownstreamHandshake handshake;

    ServerNameRouter(List<ServerChain> chains, DownstreamHandshake handshake) {
        this.chains = chains;
        this.handshake = handshake;
    }

    @Override
    protected Future<ServerChain> lookup(ChannelHandlerContext ctx, String hostname) {
        return ctx.executor().newSucceededFuture(choose(chains, hostname));
    }

    static ServerChain choose(List<ServerChain> chains, String hostname) {
        if (hostname != null && chains.size() > 1) {
            String host = ServerNames.normalize(hostname);
            for (ServerChain chain : chains) {
                if (ServerNames.matches(chain.context().names(), host)) {
                    return chain;
                }
            }
        }
        return chains.get(0);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<ServerChain> future) {
        ServerChain chain = future.getNow();
        SslHandler ssl = chain.context().get().newHandler(ctx.alloc());
        // The listener's own timer bounds the whole handshake, ClientHello included.
        ssl.setHandshakeTimeoutMillis(0);
        handshake.chainChosen(chain, hostname);
        ctx.pipeline().replace(this, "ssl", ssl);
    }
}
