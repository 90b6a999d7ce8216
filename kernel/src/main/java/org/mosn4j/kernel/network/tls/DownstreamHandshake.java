package org.mosn4j.kernel.network.tls;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.stats.TlsCounters;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind a listener's TLS handlers on one accepted connection until it is known how the connection goes
 * on: on a finished handshake the chosen chain's connection is opened behind it (and this handler passes
 * everything through from then on); a failed handshake, or none within the timeout, closes the connection with
 * one log line and a counter. The timeout covers everything before: the inspector's first byte, the
 * ClientHello and the handshake itself.
 */
final class DownstreamHandshake extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DownstreamHandshake.class);

    private final ListenerTls listener;
    private final ConnectionOpener opener;
    private final TlsCounters counters;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private ServerChain chain;
    private String serverName;
    private long startMillis;
    private boolean decided;
    private boolean open;
    private ArrayDeque<Object> early;

    DownstreamHandshake(ListenerTls listener, ConnectionOpener opener) {
        this.listener = listener;
        this.opener = opener;
        this.counters = listener.counters();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startMillis = System.currentTimeMillis();
        long millis = listener.handshakeTimeout().toMillis();
        timer = ctx.executor().schedule(() -> fail(HandshakeFailure.timedOut(millis)), millis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    /** The SNI router picked a chain; its handshake follows. */
    void chainChosen(ServerChain chosen, String hostname) {
        chain = chosen;
        serverName = hostname;
    }

    /** The inspector saw plaintext: the connection is opened now, with the listener's plaintext chain. */
    void openPlaintext(ChannelPipeline pipeline) {
        decided = true;
        cancelTimer();
        counters.plaintext();
        pipeline.remove(ServerNameRouter.class);
        open(listener.plaintextInstallers());
    }

    private void open(List<NetworkFilterInstaller> installers) {
        open = true;
        opener.open(ctx.channel(), installers);
        if (early != null) {
            Object msg;
            while ((msg = early.poll()) != null) {
                ctx.fireChannelRead(msg);
            }
            early = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (open) {
            ctx.fireUserEventTriggered(evt);
        } else if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                succeed();
            } else {
                fail(HandshakeFailure.of(done.cause()));
            }
        } else if (!(evt instanceof SniCompletionEvent) && !decided) {
            // An idle timeout, the peer's FIN or the process draining before the connection is open: nothing is
            // in flight on it yet, so it just ends.
            LOG.debug("listener {}: closing {} during the TLS handshake on {}", listener.name(),
                    ctx.channel().remoteAddress(), evt);
            decided = true;
            cancelTimer();
            ctx.close();
        }
    }

    private void succeed() {
        if (decided) {
            return;
        }
        decided = true;
        cancelTimer();
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        counters.handshake(ssl != null && SessionResumption.resumed(ssl.engine(), startMillis));
        if (LOG.isDebugEnabled()) {
            LOG.debug("listener {}: TLS handshake with {} done: {} {}, chain {}, SNI {}, ALPN {}", listener.name(),
                    ctx.channel().remoteAddress(), ssl == null ? "?" : ssl.engine().getSession().getProtocol(),
                    ssl == null ? "?" : ssl.engine().getSession().getCipherSuite(), chain == null ? "?" : chain.path(),
                    serverName, ssl == null ? null : ssl.applicationProtocol());
        }
        open(chain.installers());
    }

    private void fail(HandshakeFailure failure) {
        if (decided) {
            return;
        }
        decided = true;
        cancelTimer();
        failure.count(counters);
        LOG.warn("listener {}: TLS handshake with {} failed ({}): {}; closing the connection", listener.name(),
                ctx.channel().remoteAddress(), failure.reason().text(), failure.detail());
        ctx.close();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (open) {
            ctx.fireChannelRead(msg);
        } else if (decided) {
            ReferenceCountUtil.release(msg);
        } else {
            if (early == null) {
                early = new ArrayDeque<>(2);
            }
            early.add(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        releaseEarly();
        if (open) {
            ctx.fireChannelInactive();
        } else if (!decided) {
            decided = true;
            LOG.debug("listener {}: {} closed before its TLS handshake finished", listener.name(),
                    ctx.channel().remoteAddress());
        }
    }

    private void releaseEarly() {
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (open) {
            ctx.fireExceptionCaught(cause);
        } else if (!decided) {
            fail(HandshakeFailure.of(cause));
        } else {
            LOG.debug("listener {}: {} after the handshake outcome: {}", listener.name(),
                    ctx.channel().remoteAddress(), cause.toString());
        }
    }
}
