package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ClientStreamConnectionCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of dubbo on an upstream connection: many requests at once, up to
 * {@link DubboLimits#maxConcurrentStreams()}, from any number of downstream connections. Each request is sent
 * with an id this connection assigns, and its response is found by that id however responses are ordered;
 * the downstream side puts the consumer's own id back.
 *
 * <p>A provider's heartbeat is answered here. Its read-only notice (sent when it shuts down) stops new
 * requests: the connection reports itself not reusable and closes once idle. Bytes that cannot be framed close
 * the connection and reset every request on it.
 *
 * <p>Threading: everything runs on the connection's event loop.
 */
final class DubboClientConnection implements ClientStreamConnection {

    private static final Logger LOG = LoggerFactory.getLogger(DubboClientConnection.class);

    private final Connection connection;
    private final ClientStreamConnectionCallbacks callbacks;
    private final DubboLimits limits;
    private final FrameDecoder decoder;
    /** Streams started and not yet complete. */
    private final Set<DubboClientStream> streams = new LinkedHashSet<>();
    /** Two-way requests sent, by the id they were sent with. */
    private final LongObjectMap<DubboClientStream> awaiting = new LongObjectHashMap<>();
    private long nextId = 1;
    private boolean readOnly;
    private boolean closed;

    /**
     * @param connection the upstream connection (possibly still connecting)
     * @param callbacks told when each stream ends
     * @param limits the frame size and concurrent request limits
     */
    DubboClientConnection(Connection connection, ClientStreamConnectionCallbacks callbacks, DubboLimits limits) {
        this.connection = connection;
        this.callbacks = callbacks;
        this.limits = limits;
        this.decoder = new FrameDecoder(connection.alloc(), limits.maxFrameSize());
    }

    @Override
    public StreamEncoder newStream(StreamDecoder responseDecoder) {
        if (!canStartStream()) {
            String why = closed ? "it is closed" : readOnly ? "the provider sent its read-only notice"
                    : streams.size() + " requests are in flight";
            throw new IllegalStateException("dubbo connection " + connection.id() + " cannot start a request: " + why);
        }
        DubboClientStream stream = new DubboClientStream(this, connection, responseDecoder);
        streams.add(stream);
        return stream;
    }

    @Override
    public boolean canStartStream() {
        return !closed && !readOnly && streams.size() < limits.maxConcurrentStreams();
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        if (closed) {
            data.release();
            return;
        }
        decoder.add(data);
        while (!closed) {
            Frame frame;
            try {
                frame = decoder.next();
            } catch (FramingException e) {
                LOG.info("dubbo connection {} to {}: {}; closing", connection.id(), connection.remoteAddress(),
                        e.getMessage());
                close(StreamResetReason.PROTOCOL_ERROR);
                return;
            }
            if (frame == null) {
                break;
            }
            onFrame(frame);
        }
        if (endOfStream && !closed) {
            close(StreamResetReason.CONNECTION_TERMINATED);
        }
    }

    @Override
    public void onConnectionClosed() {
        terminate(StreamResetReason.CONNECTION_TERMINATED);
    }

    @Override
    public int activeStreams() {
        return streams.size();
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        for (DubboClientStream stream : new ArrayList<>(streams)) {
            stream.onWritabilityChanged(writable);
        }
    }

    /**
     * Sends a request with a new id.
     *
     * @param request the request's header, whose id is replaced
     * @param body the body; ownership passes on
     * @return the id the request was sent with
     */
    long send(DubboClientStream stream, FrameHeader request, ByteBuf body) {
        long id = nextId();
        if (request.isTwoWay()) {
            awaiting.put(id, stream);
        }
        connection.write(request.encode(connection.alloc(), id, body), false);
        return id;
    }

    /** Runs a task on the event loop after the current one, so that a stream never completes inside a send. */
    void later(Runnable task) {
        connection.eventLoop().execute(task);
    }

    /** A stream ended (response delivered, or reset); the pool hears about it once. */
    void onStreamComplete(DubboClientStream stream, long sentId) {
        if (!streams.remove(stream)) {
            return;
        }
        if (sentId != 0 && awaiting.get(sentId) == stream) {
            awaiting.remove(sentId);
        }
        callbacks.onStreamComplete(!closed && !readOnly);
        if (readOnly && streams.isEmpty() && !closed) {
            close(StreamResetReason.CONNECTION_TERMINATED);
        }
    }

    private long nextId() {
        long id;
        do {
            id = nextId;
            nextId = nextId == Long.MAX_VALUE ? 1 : nextId + 1;
        } while (awaiting.containsKey(id));
        return id;
    }

    private void onFrame(Frame frame) {
        FrameHeader header = frame.header();
        if (header.isRequest()) {
            onProviderRequest(frame);
            return;
        }
        if (header.isEvent()) {
            frame.release();
            return;
        }
        DubboClientStream stream = awaiting.get(header.id());
        if (stream == null) {
            LOG.debug("dubbo connection {}: dropping a response to request {}, which is no longer waiting",
                    connection.id(), header.id());
            frame.release();
            return;
        }
        stream.onResponse(frame);
    }

    private void onProviderRequest(Frame frame) {
        FrameHeader header = frame.header();
        try {
            if (header.isEvent() && header.isTwoWay()) {
                connection.write(LocalFrames.heartbeatResponse(connection.alloc(), header, frame.body()), false);
            } else if (header.isEvent()) {
                LOG.debug("dubbo connection {} to {}: the provider takes no new requests", connection.id(),
                        connection.remoteAddress());
                readOnly = true;
                if (streams.isEmpty()) {
                    close(StreamResetReason.CONNECTION_TERMINATED);
                }
            } else if (header.isTwoWay()) {
                connection.write(LocalFrames.errorResponse(connection.alloc(), header.id(), DubboStatus.BAD_REQUEST,
                        "mosn4j: requests from a provider to its consumer (callbacks) are not proxied"), false);
            }
        } finally {
            frame.release();
        }
    }

    private void close(StreamResetReason reason) {
        terminate(reason);
        connection.close(CloseType.FLUSH_WRITE);
    }

    /** Drops what is buffered and resets every stream; the pool hears that none is reusable. */
    private void terminate(StreamResetReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        decoder.release();
        List<DubboClientStream> active = new ArrayList<>(streams);
        streams.clear();
        awaiting.clear();
        for (DubboClientStream stream : active) {
            stream.resetByConnection(reason);
            callbacks.onStreamComplete(false);
        }
    }
}
