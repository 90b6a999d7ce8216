package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.mosn4j.spi.network.Connection;

/**
 * The head of an {@link EmbeddedCodec}'s pipeline: gathers the buffers an encoder writes (a header block, a
 * chunk size, the chunk, a CRLF) into one composite buffer without copying, and writes it to the connection
 * on flush, so one encoded message part costs one connection write.
 */
final class ConnectionWriter extends ChannelOutboundHandlerAdapter {

    private final Connection connection;
    private ByteBuf gathered;
    private boolean gatheredIsOurs;

    ConnectionWriter(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf buf = (ByteBuf) msg;
        if (!buf.isReadable()) {
            buf.release();
        } else if (gathered == null) {
            gathered = buf;
        } else if (gatheredIsOurs) {
            ((CompositeByteBuf) gathered).addComponent(true, buf);
        } else {
            CompositeByteBuf composite = ctx.alloc().compositeBuffer();
            composite.addComponent(true, gathered).addComponent(true, buf);
            gathered = composite;
            gatheredIsOurs = true;
        }
        promise.trySuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ByteBuf out = gathered;
        if (out != null) {
            gathered = null;
            gatheredIsOurs = false;
            connection.write(out, false);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
        ctx.close(promise);
    }
}
