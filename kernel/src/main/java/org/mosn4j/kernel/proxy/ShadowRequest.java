package org.mosn4j.kernel.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.kernel.upstream.pool.Cancellable;
import org.mosn4j.kernel.upstream.pool.ConnectionPool;
import org.mosn4j.kernel.upstream.pool.PoolCallbacks;
import org.mosn4j.kernel.upstream.pool.PoolFailure;
import org.mosn4j.kernel.upstream.pool.UpstreamPools;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.spi.upstream.LoadBalancerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of a request sent to a shadow cluster with its answer ignored: it waits for a pooled connection of the
 * event loop it was started on, sends headers and the whole body, reads the response only to let the connection
 * be reused, and gives up after its timeout. Nothing it does reaches the stream it was copied from. Counted in the
 * shadow cluster's and host's request stats like any upstream request.
 *
 * <p>Each event loop carries at most {@link #MAX_IN_FLIGHT} shadow requests and {@link #MAX_BYTES_IN_FLIGHT}
 * bytes of their bodies at once; a copy beyond that is dropped and counted as a pending overflow. Confined to
 * its event loop. Buffers: the body is owned from {@link #send} on and released once written or abandoned.
 */
final class ShadowRequest implements PoolCallbacks, StreamDecoder, StreamCallbacks {

    /** Shadow requests in flight per event loop before further copies are dropped. */
    static final int MAX_IN_FLIGHT = 256;
    /** Body bytes of in-flight shadow requests per event loop before further copies are dropped. */
    static final long MAX_BYTES_IN_FLIGHT = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ShadowRequest.class);
    private static final FastThreadLocal<InFlight> IN_FLIGHT = new FastThreadLocal<>() {
        @Override
        protected InFlight initialValue() {
            return new InFlight();
        }
    };

    /** What an event loop has in flight; used on that loop only. */
    private static final class InFlight {
        int requests;
        long bytes;
    }

    private final StaticCluster cluster;
    private final DefaultHost host;
    private final HeaderMap headers;
    private final long bodyBytes;
    private final long startNanos = System.nanoTime();
    private final InFlight inFlight;
    private ByteBuf body;
    private Cancellable waiting = Cancellable.DONE;
    private StreamEncoder encoder;
    private ScheduledFuture<?> timer;
    private int status;
    private boolean done;

    private ShadowRequest(StaticCluster cluster, DefaultHost host, HeaderMap headers, ByteBuf body, InFlight inFlight) {
        this.cluster = cluster;
        this.host = host;
        this.headers = headers;
        this.body = body;
        this.bodyBytes = body == null ? 0 : body.readableBytes();
        this.inFlight = inFlight;
    }

    /**
     * Starts a shadow request on the caller's event loop.
     *
     * @param eventLoop the caller's event loop, whose pools are used
     * @param pools the upstream pools
     * @param cluster the shadow cluster, or null when it does not exist
     * @param balancer what the cluster's load balancer may look at
     * @param protocol the upstream protocol
     * @param headers the request headers; owned from now on
     * @param body the whole body or null; owned from now on
     * @param timeout how long the request may take
     * @return whether it was started
     */
    static boolean send(EventLoop eventLoop, UpstreamPools pools, StaticCluster cluster, LoadBalancerContext balancer,
            Protocol protocol, HeaderMap headers, ByteBuf body, Duration timeout) {
        DefaultHost host = cluster == null ? null : (DefaultHost) cluster.chooseHost(balancer);
        InFlight inFlight = IN_FLIGHT.get();
        long bytes = body == null ? 0 : body.readableBytes();
        if (host == null || inFlight.requests >= MAX_IN_FLIGHT || inFlight.bytes + bytes > MAX_BYTES_IN_FLIGHT) {
            if (host != null) {
                cluster.stats().requests().pendingOverflow();
                LOG.debug("dropping a shadow request to cluster {}: {} in flight on this event loop",
                        cluster.name(), inFlight.requests);
            }
            if (body != null) {
                body.release();
            }
            return false;
        }
        ShadowRequest request = new ShadowRequest(cluster, host, headers, body, inFlight);
        request.start(eventLoop, pools.pool(eventLoop, cluster, host, protocol, cluster.poolSettings()), timeout);
        return true;
    }

    private void start(EventLoop eventLoop, ConnectionPool pool, Duration timeout) {
        inFlight.requests++;
        inFlight.bytes += bodyBytes;
        cluster.stats().requests().started();
        host.stats().requests().started();
        timer = eventLoop.schedule(this::onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
        Cancellable handle = pool.newStream(this);
        if (!done && encoder == null) {
            waiting = handle;
        }
    }

    @Override
    public void onReady(ClientStreamConnection connection) {
        if (done) {
            return;
        }
        waiting = Cancellable.DONE;
        if (headers.get(HeaderNames.AUTHORITY) == null) {
            headers.set(HeaderNames.AUTHORITY, host.address());
        }
        try {
            encoder = connection.newStream(this);
            encoder.setCallbacks(this);
            ByteBuf data = body;
            body = null;
            encoder.encodeHeaders(headers, data == null);
            if (data != null) {
                encoder.encodeData(data, true);
            }
        } catch (RuntimeException e) {
            LOG.debug("shadow request to {} failed to start: {}", host.address(), e.toString());
            fail(true);
        }
    }

    @Override
    public void onFailure(PoolFailure failure) {
        if (!done) {
            waiting = Cancellable.DONE;
            if (failure == PoolFailure.OVERFLOW) {
                cluster.stats().requests().pendingOverflow();
            }
            complete(false);
        }
    }

    private void onTimeout() {
        timer = null;
        if (done) {
            return;
        }
        cluster.stats().requests().timedOut();
        host.stats().requests().timedOut();
        fail(true);
    }

    /** Abandons the request: withdraws from the pool or resets the upstream stream. */
    private void fail(boolean resetStream) {
        complete(false);
        waiting.cancel();
        if (resetStream && encoder != null) {
            encoder.reset(StreamResetReason.LOCAL_RESET);
        }
    }

    private void complete(boolean ok) {
        done = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (body != null) {
            body.release();
            body = null;
        }
        inFlight.requests--;
        inFlight.bytes -= bodyBytes;
        long nanos = System.nanoTime() - startNanos;
        cluster.stats().requests().finished(status, nanos, ok);
        host.stats().requests().finished(status, nanos, ok);
    }

    @Override
    public void onHeaders(HeaderMap response, boolean endOfStream) {
        if (done) {
            return;
        }
        status = DownstreamStream.parseStatus(response);
        if (endOfStream) {
            complete(true);
        }
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        data.release();
        if (endOfStream && !done) {
            complete(true);
        }
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
        if (!done) {
            complete(true);
        }
    }

    @Override
    public void onReset(StreamResetReason reason) {
        if (!done) {
            cluster.stats().requests().reset();
            host.stats().requests().reset();
            complete(false);
        }
    }
}
