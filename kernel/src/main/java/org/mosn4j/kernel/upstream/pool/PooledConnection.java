package org.mosn4j.kernel.upstream.pool;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.network.ConnectionCallbacks;
import org.mosn4j.spi.network.ConnectionEvent;
import org.mosn4j.spi.network.FilterStatus;
import org.mosn4j.spi.network.ReadFilter;
import org.mosn4j.spi.network.ReadFilterCallbacks;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ClientStreamConnectionCallbacks;

/**
 * One upstream connection of a pool with the protocol's client side on it: bytes read go to the protocol,
 * connection events go to the pool. Confined to the pool's event loop.
 */
final class PooledConnection implements ReadFilter, ConnectionCallbacks, ClientStreamConnectionCallbacks {

    private final ConnectionPool pool;
    private final ClientConnection connection;
    private ClientStreamConnection streams;
    private boolean connected;
    private boolean closed;
    private boolean breakerSlotReleased;
    private int activeStreams;
    private int servedStreams;
    /** Whether the pool's available list holds this connection; kept by the pool. */
    boolean listedAvailable;
    private ScheduledFuture<?> idleTimer;
    private long idleSinceNanos;

    PooledConnection(ConnectionPool pool, ClientConnection connection) {
        this.pool = pool;
        this.connection = connection;
    }

    void attach(ClientStreamConnection streams) {
        this.streams = streams;
    }

    ClientConnection connection() {
        return connection;
    }

    ClientStreamConnection streams() {
        return streams;
    }

    boolean connected() {
        return connected;
    }

    boolean closed() {
        return closed;
    }

    boolean canStartStream() {
        return connected && !closed && streams.canStartStream();
    }

    /** Counts a stream starting on this connection. */
    void streamStarted() {
        activeStreams++;
        servedStreams++;
    }

    int activeStreams() {
        return activeStreams;
    }

    int servedStreams() {
        return servedStreams;
    }

    /**
     * Notes that the connection went idle and makes sure a timer will look at it after {@code idleNanos}.
     * One timer serves many idle spells: rather than being cancelled when a stream starts, it checks on
     * firing whether the connection has really been idle that long, which keeps timer work off the
     * per-request path.
     */
    void startIdleTimer(long idleNanos) {
        idleSinceNanos = System.nanoTime();
        if (idleNanos > 0 && idleTimer == null) {
            scheduleIdleCheck(idleNanos, idleNanos);
        }
    }

    private void scheduleIdleCheck(long delayNanos, long idleNanos) {
        idleTimer = connection.eventLoop().schedule(() -> {
            idleTimer = null;
            if (activeStreams > 0 || closed) {
                return;
            }
            long idleFor = System.nanoTime() - idleSinceNanos;
            if (idleFor >= idleNanos) {
                pool.closeIdle(this);
            } else {
                scheduleIdleCheck(idleNanos - idleFor, idleNanos);
            }
        }, delayNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void initReadFilterCallbacks(ReadFilterCallbacks callbacks) {
    }

    @Override
    public FilterStatus onData(ByteBuf data, boolean endOfStream) {
        streams.onData(data, endOfStream);
        return FilterStatus.STOP;
    }

    @Override
    public void onEvent(ConnectionEvent event) {
        switch (event) {
            case CONNECTED -> {
                connected = true;
                pool.onConnected(this);
            }
            case CONNECT_FAILED, CONNECT_TIMEOUT -> {
                closed = true;
                // The protocol may hold what it wrote while connecting (a preface); let it release that.
                if (streams != null) {
                    streams.onConnectionClosed();
                }
                releaseBreakerSlot();
                pool.onConnectFailed(this, event == ConnectionEvent.CONNECT_TIMEOUT
                        ? PoolFailure.CONNECT_TIMEOUT : PoolFailure.CONNECT_FAILED);
            }
            case REMOTE_CLOSE, LOCAL_CLOSE -> {
                closed = true;
                if (idleTimer != null) {
                    idleTimer.cancel(false);
                }
                if (streams != null) {
                    streams.onConnectionClosed();
                }
                releaseBreakerSlot();
                pool.onClosed(this);
            }
            default -> {
            }
        }
    }

    /** Gives back the cluster's {@code max_connections} slot this connection took, once. */
    private void releaseBreakerSlot() {
        if (!breakerSlotReleased) {
            breakerSlotReleased = true;
            pool.connectionEnded();
        }
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        if (streams != null) {
            streams.onWritabilityChanged(writable);
        }
    }

    @Override
    public void onStreamComplete(boolean reusable) {
        activeStreams--;
        pool.onStreamComplete(this, reusable);
    }
}
