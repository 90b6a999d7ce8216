package org.mosn4j.plugin.tcpproxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionCallbacks;
import org.mosn4j.spi.network.ConnectionEvent;
import org.mosn4j.spi.network.FilterStatus;
import org.mosn4j.spi.network.ReadFilter;
import org.mosn4j.spi.network.ReadFilterCallbacks;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.Host;
import org.mosn4j.spi.upstream.LoadBalancerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection proxy: reads from the downstream connection are paused until the upstream connection is
 * up (a FIN that arrives meanwhile is queued), then bytes flow both ways. When either side's write queue passes its high watermark, the other side
 * stops reading until it drains, so memory stays bounded by the watermarks. A half-close (FIN) is passed on;
 * the pair is closed once both directions ended or either side closes.
 *
 * <p>Everything runs on the downstream connection's event loop, which also owns the upstream connection.
 */
final class TcpProxyFilter implements ReadFilter, LoadBalancerContext {

    private static final Logger LOG = LoggerFactory.getLogger(TcpProxyFilter.class);

    private final TcpProxySettings settings;
    private Connection downstream;
    private Cluster cluster;
    private ClientConnection upstream;
    private Host host;
    private int attempts;
    private boolean upstreamConnected;
    private boolean downstreamEnded;
    private boolean upstreamEnded;
    private boolean closed;
    private long lastActivityNanos;
    private ScheduledFuture<?> idleTimer;

    TcpProxyFilter(TcpProxySettings settings) {
        this.settings = settings;
    }

    @Override
    public void initReadFilterCallbacks(ReadFilterCallbacks callbacks) {
        downstream = callbacks.connection();
    }

    @Override
    public Connection downstreamConnection() {
        return downstream;
    }

    @Override
    public FilterStatus onNewConnection() {
        downstream.setReadEnabled(false);
        downstream.addCallbacks(new DownstreamEvents());
        String clusterName = settings.routes().clusterFor(downstream.remoteAddress(), downstream.localAddress());
        cluster = clusterName == null ? null : settings.clusters().cluster(clusterName).orElse(null);
        if (cluster == null) {
            LOG.warn("[conn {}] tcp_proxy on listener {}: no cluster for {} -> {} (route cluster {}); closing",
                    downstream.id(), settings.listenerName(), downstream.remoteAddress(), downstream.localAddress(),
                    clusterName);
            downstream.close(CloseType.NO_FLUSH);
            return FilterStatus.STOP;
        }
        connectUpstream();
        return FilterStatus.STOP;
    }

    private void connectUpstream() {
        attempts++;
        host = cluster.chooseHost(this);
        if (host == null) {
            LOG.warn("[conn {}] tcp_proxy: cluster {} has no host; closing", downstream.id(), cluster.name());
            closeBoth(CloseType.NO_FLUSH);
            return;
        }
        upstream = cluster.newConnection(host, downstream.eventLoop());
        upstream.addReadFilter(new UpstreamReader());
        upstream.addCallbacks(new UpstreamEvents(upstream));
        upstream.connect();
    }

    @Override
    public FilterStatus onData(ByteBuf data, boolean endOfStream) {
        if (upstream == null || closed) {
            data.release();
            return FilterStatus.STOP;
        }
        // Before the upstream connection is up, only a FIN can arrive (reading is paused); the upstream
        // connection queues it until connected.
        touch();
        upstream.write(data, endOfStream);
        if (endOfStream) {
            downstreamEnded = true;
            closeIfBothEnded();
        }
        return FilterStatus.STOP;
    }

    private void onUpstreamData(ByteBuf data, boolean endOfStream) {
        touch();
        downstream.write(data, endOfStream);
        if (endOfStream) {
            upstreamEnded = true;
            closeIfBothEnded();
        }
    }

    private void closeIfBothEnded() {
        if (downstreamEnded && upstreamEnded) {
            closeBoth(CloseType.FLUSH_WRITE);
        }
    }

    private void closeBoth(CloseType type) {
        if (closed) {
            return;
        }
        closed = true;
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        if (upstream != null) {
            upstream.close(type);
        }
        downstream.close(type);
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    private void startIdleTimer() {
        long idleNanos = settings.idleTimeout().toNanos();
        if (idleNanos <= 0) {
            return;
        }
        touch();
        scheduleIdleCheck(idleNanos);
    }

    private void scheduleIdleCheck(long delayNanos) {
        idleTimer = downstream.eventLoop().schedule(() -> {
            long idleFor = System.nanoTime() - lastActivityNanos;
            long limit = settings.idleTimeout().toNanos();
            if (idleFor >= limit) {
                LOG.debug("[conn {}] tcp_proxy idle for {}; closing", downstream.id(), settings.idleTimeout());
                closeBoth(CloseType.NO_FLUSH);
            } else if (!closed) {
                scheduleIdleCheck(limit - idleFor);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Receives the upstream host's bytes. */
    private final class UpstreamReader implements ReadFilter {
        @Override
        public void initReadFilterCallbacks(ReadFilterCallbacks callbacks) {
        }

        @Override
        public FilterStatus onData(ByteBuf data, boolean endOfStream) {
            onUpstreamData(data, endOfStream);
            return FilterStatus.STOP;
        }
    }

    private final class UpstreamEvents implements ConnectionCallbacks {
        private final ClientConnection connection;

        UpstreamEvents(ClientConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onEvent(ConnectionEvent event) {
            if (connection != upstream) {
                return;
            }
            switch (event) {
                case CONNECTED -> {
                    upstreamConnected = true;
                    startIdleTimer();
                    downstream.setReadEnabled(downstream.isOpen() && upstream.isWritable());
                }
                case CONNECT_FAILED, CONNECT_TIMEOUT -> {
                    if (closed) {
                        return;
                    }
                    if (attempts < settings.maxConnectAttempts() && downstream.isOpen()) {
                        LOG.debug("[conn {}] tcp_proxy: {} to {} ({} of {}); retrying", downstream.id(), event,
                                host.address(), attempts, settings.maxConnectAttempts());
                        connectUpstream();
                    } else {
                        LOG.warn("[conn {}] tcp_proxy: cannot connect to cluster {} host {} ({}) after {} attempt(s); "
                                + "closing client {}", downstream.id(), cluster.name(), host.address(), event, attempts,
                                downstream.remoteAddress());
                        closeBoth(CloseType.NO_FLUSH);
                    }
                }
                case REMOTE_CLOSE, LOCAL_CLOSE -> closeBoth(CloseType.FLUSH_WRITE);
                default -> {
                }
            }
        }

        @Override
        public void onWritabilityChanged(boolean writable) {
            if (connection == upstream && upstreamConnected && !downstreamEnded) {
                downstream.setReadEnabled(writable);
            }
        }
    }

    private final class DownstreamEvents implements ConnectionCallbacks {
        @Override
        public void onEvent(ConnectionEvent event) {
            if (event.isClose()) {
                closeBoth(CloseType.FLUSH_WRITE);
            }
        }

        @Override
        public void onWritabilityChanged(boolean writable) {
            if (upstream != null && upstreamConnected && !upstreamEnded) {
                upstream.setReadEnabled(writable);
            }
        }
    }
}
