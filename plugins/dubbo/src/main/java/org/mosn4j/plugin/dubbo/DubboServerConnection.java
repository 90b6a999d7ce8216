package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ProtocolRejection;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of dubbo on a downstream connection: each request frame becomes a stream for the
 * {@link ServerStreamListener}, delivered whole (headers, then the body with end of stream), and responses go
 * out as they complete, in any order, matched by the consumer through the request id.
 *
 * <p>Heartbeats are answered here and never reach the proxy. A request the proxy cannot route on (a body in a
 * serialization other than hessian2, or one that does not decode) is answered BAD_REQUEST and the connection
 * stays up. Bytes that cannot be framed (a bad magic, a frame over {@link DubboLimits#maxFrameSize()}) close the
 * connection.
 *
 * <p>Flow control: reading stops while {@link DubboLimits#maxConcurrentStreams()} requests are in flight or
 * any stream's encoder has reading turned off; frames already read stay buffered until then.
 *
 * <p>Threading: everything runs on the connection's event loop.
 */
final class DubboServerConnection implements ServerStreamConnection {

    private static final Logger LOG = LoggerFactory.getLogger(DubboServerConnection.class);

    private final Connection connection;
    private final ServerStreamListener listener;
    private final DubboLimits limits;
    private final FrameDecoder decoder;
    private final Set<DubboServerStream> streams = new LinkedHashSet<>();
    private int readPausedStreams;
    private boolean readEnabled = true;
    private boolean dispatching;
    private boolean peerClosed;
    private boolean draining;
    private boolean closed;

    /**
     * @param connection the downstream connection
     * @param listener told about each request
     * @param limits the frame size and in-flight request limits
     */
    DubboServerConnection(Connection connection, ServerStreamListener listener, DubboLimits limits) {
        this.connection = connection;
        this.listener = listener;
        this.limits = limits;
        this.decoder = new FrameDecoder(connection.alloc(), limits.maxFrameSize());
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        if (closed) {
            data.release();
            return;
        }
        decoder.add(data);
        if (endOfStream) {
            peerClosed = true;
        }
        dispatch();
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
        for (DubboServerStream stream : new ArrayList<>(streams)) {
            stream.onWritabilityChanged(writable);
        }
    }

    /** Tells the consumer that this connection takes no new requests, and closes it once the last is answered. */
    @Override
    public void shutdownGracefully() {
        if (closed || draining) {
            return;
        }
        draining = true;
        connection.write(LocalFrames.readOnlyEvent(connection.alloc(), 0), false);
        if (streams.isEmpty()) {
            close();
        }
    }

    /** Writes a response frame; ownership of {@code frame} passes on. */
    void write(ByteBuf frame) {
        if (closed) {
            frame.release();
            return;
        }
        connection.write(frame, false);
    }

    /** A stream sent its response or was reset by the proxy. */
    void onStreamComplete(DubboServerStream stream) {
        if (!streams.remove(stream)) {
            return;
        }
        if (!stream.requestReadEnabled()) {
            readPausedStreams--;
        }
        dispatch();
    }

    /** A stream's encoder turned reading off or on. */
    void onRequestReadEnabledChanged(boolean enabled) {
        readPausedStreams += enabled ? -1 : 1;
        dispatch();
    }

    /** Starts streams for the frames buffered, as far as flow control allows. */
    private void dispatch() {
        if (dispatching || closed) {
            return;
        }
        dispatching = true;
        try {
            while (!closed && canTakeRequests()) {
                Frame frame;
                try {
                    frame = decoder.next();
                } catch (FramingException e) {
                    LOG.info("dubbo connection {} from {}: {}; closing", connection.id(), connection.remoteAddress(),
                            e.getMessage());
                    if (e.overSizeLimit()) {
                        listener.onRejected(ProtocolRejection.FRAME_TOO_LARGE);
                    }
                    terminate(StreamResetReason.PROTOCOL_ERROR);
                    connection.close(CloseType.FLUSH_WRITE);
                    return;
                }
                if (frame == null) {
                    break;
                }
                onFrame(frame);
            }
            if (!closed && (peerClosed || draining) && streams.isEmpty()) {
                close();
            }
            if (!closed) {
                updateReadEnabled();
            }
        } finally {
            dispatching = false;
        }
    }

    private void onFrame(Frame frame) {
        FrameHeader header = frame.header();
        if (!header.isRequest()) {
            LOG.debug("dubbo connection {}: ignoring a {} from the consumer", connection.id(), header);
            frame.release();
            return;
        }
        if (header.isEvent()) {
            if (header.isTwoWay()) {
                write(LocalFrames.heartbeatResponse(connection.alloc(), header, frame.body()));
            }
            frame.release();
            return;
        }
        if (header.serializationId() != FrameHeader.HESSIAN2) {
            reject(frame, "serialization id " + header.serializationId() + " is not supported: the proxy routes "
                    + "hessian2 requests only; set serialization=hessian2 on the consumer");
            return;
        }
        Invocation invocation;
        try {
            invocation = InvocationDecoder.decode(frame.body());
        } catch (InvalidBodyException e) {
            reject(frame, e.getMessage());
            return;
        }
        DubboServerStream stream = new DubboServerStream(this, connection, header);
        streams.add(stream);
        StreamDecoder requestDecoder = listener.newStream(stream);
        stream.decoder(requestDecoder);
        requestDecoder.onHeaders(DubboHeaders.request(header, invocation), false);
        requestDecoder.onData(frame.body(), true);
    }

    /** Answers a request the proxy cannot route with BAD_REQUEST; the connection goes on. */
    private void reject(Frame frame, String reason) {
        FrameHeader header = frame.header();
        LOG.debug("dubbo connection {} from {}: bad request {}: {}", connection.id(), connection.remoteAddress(),
                header, reason);
        if (header.isTwoWay()) {
            write(LocalFrames.errorResponse(connection.alloc(), header.id(), DubboStatus.BAD_REQUEST,
                    "mosn4j: bad request: " + reason));
        }
        frame.release();
    }

    private boolean canTakeRequests() {
        return readPausedStreams == 0 && streams.size() < limits.maxConcurrentStreams();
    }

    private void updateReadEnabled() {
        boolean enable = canTakeRequests();
        if (enable != readEnabled) {
            readEnabled = enable;
            connection.setReadEnabled(enable);
        }
    }

    private void close() {
        if (!closed) {
            terminate(StreamResetReason.CONNECTION_TERMINATED);
            connection.close(CloseType.FLUSH_WRITE);
        }
    }

    /** Drops what is buffered and resets the streams still in flight. */
    private void terminate(StreamResetReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        decoder.release();
        List<DubboServerStream> active = new ArrayList<>(streams);
        streams.clear();
        for (DubboServerStream stream : active) {
            stream.resetByConnection(reason);
        }
    }
}
