package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import org.mosn4j.spi.network.Connection;

/**
 * Netty's HTTP/1 decoder for one connection, run on an {@link EmbeddedChannel} because the kernel hands a protocol
 * the connection's bytes, not its pipeline (Netty's content decompressor uses the same pattern). Bytes given to
 * {@link #decode} reach the {@link Sink} as {@link HttpObject}s while {@code decode} runs. Outgoing messages do not
 * pass here: {@link HeaderBlockWriter} and {@link BodyFraming} write them to the connection.
 *
 * <p>The pipeline is {@code decoder, sink}: inbound messages stop at the sink, so the embedded channel's own queues
 * stay empty. Everything runs on the caller's thread, the connection's event loop; the embedded channel schedules
 * nothing.
 */
final class EmbeddedDecoder {

    /** Receives what the decoder produces. */
    interface Sink {

        /** @param msg a decoded object; ownership passes to the sink */
        void onMessage(Object msg);

        /** @param cause an exception the decoder raised */
        void onError(Throwable cause);
    }

    private final EmbeddedChannel channel;
    private final ChannelHandler decoder;
    private boolean closed;

    /**
     * @param connection whose allocator the decoder uses
     * @param decoder a Netty HTTP decoder, used by this instance only
     * @param sink receives decoded objects
     */
    EmbeddedDecoder(Connection connection, ChannelHandler decoder, Sink sink) {
        this.decoder = decoder;
        channel = new EmbeddedChannel(decoder, new SinkHandler(sink));
        channel.config().setAllocator(connection.alloc());
    }

    /** @param data bytes read from the connection; ownership passes to the decoder */
    void decode(ByteBuf data) {
        if (closed) {
            data.release();
            return;
        }
        channel.pipeline().fireChannelRead(data);
        channel.pipeline().fireChannelReadComplete();
    }

    /** The peer closed its side: lets the decoder end a message delimited by the connection's end. */
    void inputClosed() {
        if (!closed) {
            channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    /**
     * Stops decoding, from inside {@link Sink#onMessage}: the bytes not yet decoded reach the sink as one
     * {@link ByteBuf} before this returns (none if everything was decoded), and later input is released unread.
     * For a protocol switch.
     */
    void stopDecoding() {
        if (!closed && channel.pipeline().context(decoder) != null) {
            channel.pipeline().remove(decoder);
        }
    }

    /** Releases the decoder's buffers; later input is released unread. */
    void close() {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    private final class SinkHandler extends ChannelInboundHandlerAdapter {

        private final Sink sink;

        SinkHandler(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (closed) {
                ReferenceCountUtil.release(msg);
            } else {
                sink.onMessage(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!closed) {
                sink.onError(cause);
            }
        }
    }
}
