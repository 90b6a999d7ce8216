package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;
import org.mosn4j.spi.network.Connection;

/**
 * The head of an {@link EmbeddedHttp2Codec}'s pipeline: passes each buffer the frame encoder writes straight to
 * the connection, which copies small ones together and sends them with one system call per event-loop turn.
 * What the codec writes as it closes (a GOAWAY after a connection error) still goes out; after
 * {@link #detach} nothing more does.
 *
 * <p>A write's promise completes at once while the connection is below its write high watermark; above it, the
 * promises wait, in order, until {@link #connectionWritable} (as a socket channel's would until the bytes left).
 * So Netty's count of queued control frames sees a peer that sends PINGs or SETTINGS without reading the acks,
 * and its limit ({@link Http2Limits#MAX_QUEUED_CONTROL_FRAMES}) ends the connection.
 */
final class ConnectionWriter extends ChannelOutboundHandlerAdapter {

    private final Connection connection;
    private boolean detached;
    /** Promises of writes made while the connection was not writable, oldest first. */
    private final ArrayDeque<ChannelPromise> waiting = new ArrayDeque<>();

    /** @param connection where the bytes go */
    ConnectionWriter(Connection connection) {
        this.connection = connection;
    }

    /** Drops everything written from now on: the connection is going away. */
    void detach() {
        detached = true;
        completeWaiting(true);
    }

    /** Completes the promises that waited for the connection to drain, if it is writable now. */
    void connectionWritable() {
        completeWaiting(false);
    }

    private void completeWaiting(boolean all) {
        ChannelPromise promise;
        while ((all || connection.isWritable()) && (promise = waiting.poll()) != null) {
            promise.trySuccess();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf buf = (ByteBuf) msg;
        if (detached || !buf.isReadable()) {
            buf.release();
        } else {
            connection.write(buf, false);
        }
        if (detached || (waiting.isEmpty() && connection.isWritable())) {
            promise.trySuccess();
        } else {
            waiting.add(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // The connection flushes once per event-loop turn.
    }
}
