package org.mosn4j.kernel.proxy;

import io.netty.buffer.ByteBuf;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.kernel.upstream.pool.Cancellable;
import org.mosn4j.kernel.upstream.pool.PoolCallbacks;
import org.mosn4j.kernel.upstream.pool.PoolFailure;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;

/**
 * One attempt to send a request to one upstream host: waits for a pooled connection, then sends the
 * request and passes the response back to its {@link DownstreamStream}. A retry is a new attempt. Runs on the
 * downstream connection's event loop, which owns the pool too.
 */
final class UpstreamRequest implements PoolCallbacks, StreamDecoder, StreamCallbacks {

    private final DownstreamStream stream;
    private final StaticCluster cluster;
    private final DefaultHost host;
    private final long startNanos = System.nanoTime();
    private final boolean retry;
    private Cancellable waiting = Cancellable.DONE;
    private StreamEncoder encoder;
    private boolean done;
    private boolean responseStarted;

    /**
     * @param retry whether the attempt holds a slot of the cluster's {@code max_retries}; it always holds one
     *        of {@code max_requests}, both given back when it ends
     */
    UpstreamRequest(DownstreamStream stream, StaticCluster cluster, DefaultHost host, boolean retry) {
        this.stream = stream;
        this.cluster = cluster;
        this.host = host;
        this.retry = retry;
        cluster.stats().requests().started();
        host.stats().requests().started();
    }

    void waitFor(Cancellable handle) {
        if (!done && encoder == null) {
            waiting = handle;
        }
    }

    DefaultHost host() {
        return host;
    }

    boolean responseStarted() {
        return responseStarted;
    }

    @Override
    public void onReady(ClientStreamConnection connection) {
        if (done) {
            return;
        }
        waiting = Cancellable.DONE;
        encoder = connection.newStream(this);
        encoder.setCallbacks(this);
        stream.onUpstreamReady(this);
    }

    @Override
    public void onFailure(PoolFailure failure) {
        if (done) {
            return;
        }
        waiting = Cancellable.DONE;
        finish(0, false);
        if (failure == PoolFailure.OVERFLOW) {
            cluster.stats().requests().pendingOverflow();
            stream.onUpstreamFailure(this, ResponseFlag.UPSTREAM_OVERFLOW);
        } else {
            stream.onUpstreamFailure(this, ResponseFlag.UPSTREAM_CONNECTION_FAILURE);
        }
    }

    void encodeHeaders(HeaderMap headers, boolean endOfStream) {
        encoder.encodeHeaders(headers, endOfStream);
    }

    void encodeData(ByteBuf data, boolean endOfStream) {
        if (done || encoder == null) {
            data.release();
            return;
        }
        encoder.encodeData(data, endOfStream);
    }

    void encodeTrailers(HeaderMap trailers) {
        if (!done && encoder != null) {
            encoder.encodeTrailers(trailers);
        }
    }

    boolean isWritable() {
        return encoder == null || encoder.isWritable();
    }

    void setReadEnabled(boolean enabled) {
        if (encoder != null && !done) {
            encoder.setReadEnabled(enabled);
        }
    }

    /** Abandons the attempt: withdraws from the pool or resets the upstream stream. */
    void cancel(boolean timedOut) {
        if (done) {
            return;
        }
        if (timedOut) {
            cluster.stats().requests().timedOut();
            host.stats().requests().timedOut();
        }
        finish(0, false);
        waiting.cancel();
        if (encoder != null) {
            encoder.reset(StreamResetReason.LOCAL_RESET);
        }
    }

    private void finish(int status, boolean ok) {
        done = true;
        cluster.circuitBreakers().requestEnded();
        if (retry) {
            cluster.circuitBreakers().retryEnded();
        }
        long nanos = System.nanoTime() - startNanos;
        cluster.stats().requests().finished(status, nanos, ok);
        host.stats().requests().finished(status, nanos, ok);
        cluster.recordLatency(host, nanos, ok);
    }

    @Override
    public void onHeaders(HeaderMap headers, boolean endOfStream) {
        if (done) {
            return;
        }
        responseStarted = true;
        if (endOfStream) {
            finish(DownstreamStream.parseStatus(headers), true);
        }
        stream.onUpstreamHeaders(this, headers, endOfStream);
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        if (done) {
            data.release();
            return;
        }
        if (endOfStream) {
            finish(stream.responseCode(), true);
        }
        stream.onUpstreamData(data, endOfStream);
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
        if (!done) {
            finish(stream.responseCode(), true);
            stream.onUpstreamTrailers(trailers);
        }
    }

    @Override
    public void onReset(StreamResetReason reason) {
        if (done) {
            return;
        }
        cluster.stats().requests().reset();
        host.stats().requests().reset();
        finish(0, false);
        stream.onUpstreamReset(this, reason);
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        stream.onUpstreamWritabilityChanged(writable);
    }
}
