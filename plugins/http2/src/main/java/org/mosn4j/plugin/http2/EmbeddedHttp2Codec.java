package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import org.mosn4j.spi.network.Connection;

/**
 * Netty's {@link Http2FrameCodec} for one connection, run on an {@link EmbeddedChannel} because the kernel
 * hands a protocol the connection's bytes, not its pipeline. Bytes given to {@link #decode} reach the
 * {@link Sink} as HTTP/2 frames while {@code decode} runs; frames given to {@link #write} leave as bytes written
 * to the connection at {@link #flush} (or when Netty flushes on its own, for SETTINGS acks and the like).
 *
 * <p>The pipeline is {@code ConnectionWriter, Http2FrameCodec, frame handler}. Everything runs on the caller's
 * thread, the connection's event loop; the few tasks Netty schedules on the embedded loop run after each call.
 */
final class EmbeddedHttp2Codec {

    /** Receives what the codec produces. */
    interface Sink {

        /** @param frame a decoded frame; ownership passes to the sink */
        void onFrame(Object frame);

        /** @param event a stream changed state or writability */
        void onStreamEvent(Http2FrameStreamEvent event);

        /** @param cause an exception the codec raised (a stream error is a {@code Http2FrameStreamException}) */
        void onError(Throwable cause);

        /** The codec closed on its own, after a connection error (its GOAWAY is written). */
        void onCodecClosed();
    }

    private final EmbeddedChannel channel;
    private final ConnectionWriter writer;
    private final Http2FrameCodec frameCodec;
    private final FrameHandler handler;
    private boolean decoding;
    /** {@link #close} was called; it happens once the current {@link #decode} returns. */
    private boolean closing;
    private boolean closed;

    /**
     * @param connection where encoded bytes go, and whose allocator the codec uses
     * @param frameCodec a frame codec, used by this codec only
     * @param sink receives frames and events
     */
    EmbeddedHttp2Codec(Connection connection, Http2FrameCodec frameCodec, Sink sink) {
        this.writer = new ConnectionWriter(connection);
        this.frameCodec = frameCodec;
        this.handler = new FrameHandler(sink);
        channel = new EmbeddedChannel(writer, frameCodec, handler);
        channel.config().setAllocator(connection.alloc());
        channel.closeFuture().addListener(f -> {
            boolean byCodec = !closing && !closed;
            closed = true;
            if (byCodec) {
                // What the codec wrote up to its close (its GOAWAY) goes out; frames it makes while it winds
                // down (answers to the rest of the bytes being decoded) are dropped.
                writer.detach();
                sink.onCodecClosed();
            }
        });
    }

    /** @param data bytes read from the connection; ownership passes to the codec */
    void decode(ByteBuf data) {
        if (closing || closed) {
            data.release();
            return;
        }
        decoding = true;
        try {
            channel.pipeline().fireChannelRead(data);
            channel.pipeline().fireChannelReadComplete();
        } finally {
            decoding = false;
        }
        channel.runPendingTasks();
        if (closing) {
            doClose();
        }
    }

    /**
     * @param frame an HTTP/2 frame to send; ownership passes to the codec
     * @return completes when the frame is written (DATA: once flow control let it out) or failed
     */
    ChannelFuture write(Object frame) {
        if (closing || closed) {
            ReferenceCountUtil.release(frame);
            return channel.newFailedFuture(new ClosedChannelException());
        }
        return channel.write(frame);
    }

    /** Writes what was encoded since the last flush to the connection. */
    void flush() {
        if (!closing && !closed) {
            channel.flush();
            writer.connectionWritable();
            channel.runPendingTasks();
        }
    }

    /** The connection went below its write high watermark: writes that waited for it complete. */
    void connectionWritable() {
        if (!closing && !closed) {
            writer.connectionWritable();
            channel.runPendingTasks();
        }
    }

    /** @return a new outbound stream, which gets its id when its first HEADERS frame is written */
    Http2FrameStream newStream() {
        return handler.newStream();
    }

    /**
     * Starts a server connection that switched from HTTP/1.1: applies the client's {@code HTTP2-Settings} and
     * opens stream 1, half-closed by the client, for the upgrade request's response. Call before any byte of
     * the client's preface is decoded.
     *
     * @return stream 1
     */
    Http2FrameStream acceptUpgrade(Http2Settings clientSettings) {
        try {
            frameCodec.onHttpServerUpgrade(clientSettings);
            Http2FrameStream first = handler.activeStream(Http2CodecUtil.HTTP_UPGRADE_STREAM_ID);
            if (first == null) {
                throw new IllegalStateException("stream 1 did not open");
            }
            return first;
        } catch (Http2Exception e) {
            throw new IllegalStateException("cannot accept the upgrade: " + e.getMessage(), e);
        } finally {
            channel.runPendingTasks();
        }
    }

    /** @return Netty's view of the connection: streams, flow controllers, settings */
    Http2Connection http2() {
        return frameCodec.connection();
    }

    boolean isClosed() {
        return closing || closed;
    }

    /** Releases the codec's state and buffers without writing anything more; later calls do nothing. */
    void close() {
        if (closing || closed) {
            return;
        }
        closing = true;
        if (!decoding) {
            doClose();
        }
    }

    private void doClose() {
        if (closed) {
            return;
        }
        writer.detach();
        channel.close();
        channel.runPendingTasks();
        closed = true;
    }

    private final class FrameHandler extends Http2ChannelDuplexHandler {

        private final Sink sink;

        FrameHandler(Sink sink) {
            this.sink = sink;
        }

        Http2FrameStream activeStream(int id) throws Http2Exception {
            Http2FrameStream[] found = new Http2FrameStream[1];
            forEachActiveStream(stream -> {
                if (stream.id() == id) {
                    found[0] = stream;
                    return false;
                }
                return true;
            });
            return found[0];
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (closing || closed) {
                ReferenceCountUtil.release(msg);
            } else {
                sink.onFrame(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2FrameStreamEvent event && !closing && !closed) {
                sink.onStreamEvent(event);
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!closing && !closed) {
                sink.onError(cause);
            }
        }
    }
}
