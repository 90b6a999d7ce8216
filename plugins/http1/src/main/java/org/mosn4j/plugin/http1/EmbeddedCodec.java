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
 * Netty's HTTP/1 decoder and encoder for one connection, run on an {@link EmbeddedChannel} because the kernel
 * hands a protocol the connection's bytes, not its pipeline (Netty's content decompressor uses the same
 * pattern). Bytes given to {@link #decode} reach the {@link Sink} as {@link HttpObject}s while
 * {@code decode} runs; objects given to {@link #write} leave as bytes written to the connection at
 * {@link #flush}, gathered into one buffer per flush.
 *
 * <p>The pipeline is {@code ConnectionWriter, encoder, decoder, sink}: inbound messages stop at the sink and
 * outbound bytes at the writer, so the embedded channel's own queues stay empty. Everything runs on the
 * caller's thread, the connection's event loop; the embedded channel schedules nothing.
 */
final class EmbeddedCodec {

    /** Receives what the decoder produces. */
    interface Sink {

        /** @param msg a decoded object; ownership passes to the sink */
        void onMessage(Object msg);

        /** @param cause an exception the decoder or encoder raised */
        void onError(Throwable cause);
    }

    private final EmbeddedChannel channel;
    private final ChannelHandler decoder;
    private boolean closed;

    /**
     * @param connection where encoded bytes go, and whose allocator the codecs use
     * @param decoder a Netty HTTP decoder, used by this codec only
     * @param encoder a Netty HTTP encoder, used by this codec only
     * @param sink receives decoded objects
     */
    EmbeddedCodec(Connection connection, ChannelHandler decoder, ChannelHandler encoder, Sink sink) {
        this.decoder = decoder;
        channel = new EmbeddedChannel(new ConnectionWriter(connection), encoder, decoder, new SinkHandler(sink));
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

    /** @param msg an {@link HttpObject} to encode; ownership passes to the encoder */
    void write(Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        channel.write(msg, channel.voidPromise());
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

    /** Writes what was encoded since the last flush to the connection, as one buffer. */
    void flush() {
        if (!closed) {
            channel.flush();
        }
    }

    /** Releases the codecs' buffers; later input is released unread and later output dropped. */
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
