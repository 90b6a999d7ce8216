package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.mosn4j.spi.network.Connection;

/**
 * The head of an {@link EmbeddedCodec}'s pipeline: passes each buffer an encoder writes (a header block, a
 * chunk size, the chunk, a CRLF) straight to the connection, which copies small ones together and sends them
 * with one system call per event-loop turn.
 */
final class ConnectionWriter extends ChannelOutboundHandlerAdapter {

    private final Connection connection;

    ConnectionWriter(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf buf = (ByteBuf) msg;
        if (buf.isReadable()) {
            connection.write(buf, false);
        } else {
            buf.release();
        }
        promise.trySuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // The connection flushes once per event-loop turn.
    }
}
