package org.mosn4j.kernel.network;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps every open downstream connection of the process, so a graceful stop can wait for them to finish and
 * a hard stop can close them. Thread-safe.
 */
public final class ConnectionTracker {

    private final ChannelGroup channels = new DefaultChannelGroup("downstream", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger open = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;

    void add(Channel channel) {
        open.incrementAndGet();
        track(channel);
    }

    /**
     * Adds a connection unless {@code max} are open already; checked and counted in one step, since connections
     * are accepted on several event loops at once.
     *
     * @param channel the accepted connection
     * @param max the most connections open at once; 0 for no limit
     * @return false when the connection was not added because the limit is reached
     */
    boolean addIfBelow(Channel channel, int max) {
        int now;
        do {
            now = open.get();
            if (max > 0 && now >= max) {
                return false;
            }
        } while (!open.compareAndSet(now, now + 1));
        track(channel);
        return true;
    }

    private void track(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(f -> {
            if (open.decrementAndGet() == 0 && draining) {
                drained.complete(null);
            }
        });
    }

    /**
     * Starts draining: tells every open connection to finish up ({@link org.mosn4j.spi.network.ConnectionCallbacks#onDrain})
     * and returns a future that completes when the last one closes (at once if none is open). Call after the
     * listeners stopped accepting.
     *
     * @return completes when no downstream connection is open
     */
    public CompletableFuture<Void> drain() {
        draining = true;
        channels.forEach(channel -> channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
        if (open.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /**
     * Tells every connection open now to finish up, as {@link #drain()} does, without waiting for them: a listener
     * whose config changed lets its old connections end at their next request boundary, and clients reconnect to
     * the new config.
     */
    public void askToFinish() {
        channels.forEach(channel -> channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
    }

    /** Closes every open downstream connection at once. */
    public void closeAll() {
        channels.close().awaitUninterruptibly();
    }

    /** @return the number of open downstream connections */
    public int openConnections() {
        return open.get();
    }
}
