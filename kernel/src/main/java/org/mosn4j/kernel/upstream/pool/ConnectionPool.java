package org.mosn4j.kernel.upstream.pool;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.mosn4j.kernel.network.UpstreamConnection;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one event loop to one host in one protocol. A stream gets a connection that can start
 * one at once (for HTTP/1.1 an idle kept-alive one); otherwise it waits while a connection is opened, one per
 * {@link Protocol#maxConcurrentStreams()} waiting streams. Confined to its event loop: no locks.
 */
public final class ConnectionPool {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    private final EventLoop eventLoop;
    private final Cluster cluster;
    private final Host host;
    private final Protocol protocol;
    private final PoolSettings settings;
    private final List<PooledConnection> connections = new ArrayList<>();
    /**
     * Connections that could start a stream when last looked at, the most recently freed last: a stream takes
     * the last one (re-checked), so busy times reuse warm connections and the others go idle and expire.
     * Spares a scan of every connection per stream when there are many.
     */
    private final ArrayDeque<PooledConnection> available = new ArrayDeque<>();
    private final ArrayDeque<PoolCallbacks> pending = new ArrayDeque<>();
    private int connecting;
    /** Whether a config change replaced this pool: connections close as soon as they are idle. */
    private boolean retired;

    ConnectionPool(EventLoop eventLoop, Cluster cluster, Host host, Protocol protocol, PoolSettings settings) {
        this.eventLoop = eventLoop;
        this.cluster = cluster;
        this.host = host;
        this.protocol = protocol;
        this.settings = settings;
    }

    /**
     * Asks for a connection to start one stream on.
     *
     * @param callbacks told once, possibly before this returns
     * @return a handle to withdraw the request while it waits
     */
    public Cancellable newStream(PoolCallbacks callbacks) {
        PooledConnection c;
        while ((c = available.peekLast()) != null) {
            if (c.canStartStream()) {
                c.streamStarted();
                callbacks.onReady(c.streams());
                if (available.peekLast() == c && !c.canStartStream()) {
                    unlist(available.pollLast());
                }
                return Cancellable.DONE;
            }
            unlist(available.pollLast());
        }
        if (pending.size() >= settings.maxPendingStreams() || !settings.breakers().tryStartPending()) {
            callbacks.onFailure(PoolFailure.OVERFLOW);
            return Cancellable.DONE;
        }
        pending.add(callbacks);
        openIfNeeded();
        return () -> {
            if (pending.remove(callbacks)) {
                settings.breakers().pendingEnded();
            }
        };
    }

    /** @return the next waiting stream, which stops counting as pending */
    private PoolCallbacks takePending() {
        PoolCallbacks next = pending.poll();
        settings.breakers().pendingEnded();
        return next;
    }

    /** @return the host this pool connects to */
    public Host host() {
        return host;
    }

    private void openIfNeeded() {
        int capacity = Math.max(1, protocol.maxConcurrentStreams());
        while ((long) connecting * capacity < pending.size()) {
            if (!settings.breakers().tryStartConnection(connections.isEmpty())) {
                // Past the cluster's max_connections: the streams wait for one of this pool's connections.
                return;
            }
            ClientConnection connection = cluster.newConnection(host, eventLoop);
            if (connection instanceof UpstreamConnection upstream) {
                upstream.speaks(protocol.type());
            }
            PooledConnection c = new PooledConnection(this, connection);
            c.attach(protocol.newClientConnection(c.connection(), c));
            c.connection().addReadFilter(c);
            c.connection().addCallbacks(c);
            connections.add(c);
            connecting++;
            c.connection().connect();
        }
    }

    void onConnected(PooledConnection c) {
        connecting--;
        assignPending(c);
        listIfAvailable(c);
        if (c.activeStreams() == 0) {
            c.startIdleTimer(settings.idleTimeout().toNanos());
        }
    }

    void onConnectFailed(PooledConnection c, PoolFailure failure) {
        connecting--;
        connections.remove(c);
        if (host instanceof DefaultHost own) {
            own.connectFailed();
        }
        // The streams this attempt was opened for fail; others keep waiting for attempts still under way.
        int capacity = Math.max(1, protocol.maxConcurrentStreams());
        int toFail = connecting == 0 ? pending.size() : Math.min(capacity, pending.size());
        for (int i = 0; i < toFail; i++) {
            takePending().onFailure(failure);
        }
    }

    void onStreamComplete(PooledConnection c, boolean reusable) {
        int max = settings.maxRequestsPerConnection();
        if (!reusable || max > 0 && c.servedStreams() >= max || retired && pending.isEmpty()) {
            delist(c);
            if (c.activeStreams() == 0) {
                connections.remove(c);
                c.connection().close(CloseType.FLUSH_WRITE);
            }
            openIfNeeded();
            return;
        }
        assignPending(c);
        listIfAvailable(c);
        if (c.activeStreams() == 0) {
            c.startIdleTimer(settings.idleTimeout().toNanos());
        }
    }

    void onClosed(PooledConnection c) {
        delist(c);
        if (connections.remove(c) && !c.connected()) {
            connecting--;
        }
        openIfNeeded();
    }

    void connectionEnded() {
        settings.breakers().connectionEnded();
    }

    void closeIdle(PooledConnection c) {
        LOG.debug("closing idle upstream connection to {}", host.address());
        delist(c);
        connections.remove(c);
        c.connection().close(CloseType.FLUSH_WRITE);
    }

    private void listIfAvailable(PooledConnection c) {
        if (!c.listedAvailable && c.canStartStream()) {
            c.listedAvailable = true;
            available.addLast(c);
        }
    }

    private static void unlist(PooledConnection c) {
        c.listedAvailable = false;
    }

    /** Takes a connection off the available list at once (it is closing), rather than when next looked at. */
    private void delist(PooledConnection c) {
        if (c.listedAvailable) {
            c.listedAvailable = false;
            available.remove(c);
        }
    }

    private void assignPending(PooledConnection c) {
        while (!pending.isEmpty() && c.canStartStream()) {
            c.streamStarted();
            takePending().onReady(c.streams());
        }
    }

    /**
     * Takes the pool out of use after a config change: idle connections close now, busy ones when their streams
     * are done; streams already waiting are still served.
     */
    void retire() {
        retired = true;
        for (PooledConnection c : new ArrayList<>(connections)) {
            if (c.connected() && c.activeStreams() == 0) {
                delist(c);
                connections.remove(c);
                c.connection().close(CloseType.FLUSH_WRITE);
            }
        }
    }

    /** Closes every connection at once; waiting streams fail as connection failures. */
    void closeAll() {
        for (Iterator<PoolCallbacks> it = pending.iterator(); it.hasNext(); ) {
            PoolCallbacks cb = it.next();
            it.remove();
            settings.breakers().pendingEnded();
            cb.onFailure(PoolFailure.CONNECT_FAILED);
        }
        for (PooledConnection c : new ArrayList<>(connections)) {
            c.connection().close(CloseType.NO_FLUSH);
        }
        connections.clear();
        available.forEach(ConnectionPool::unlist);
        available.clear();
    }
}
