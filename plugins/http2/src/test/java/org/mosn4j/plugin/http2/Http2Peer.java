package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The other end of a connection under test: Netty's own {@code Http2FrameCodec} on an {@link EmbeddedChannel},
 * recording every frame it receives (DATA copied as text and released, GOAWAY as its fields).
 */
final class Http2Peer {

    /** A received DATA frame. */
    record Data(int streamId, String text, boolean endStream) {
    }

    /** A received GOAWAY frame. */
    record GoAway(int lastStreamId, long errorCode) {
    }

    final EmbeddedChannel channel;
    final List<Object> frames = new ArrayList<>();
    private final Recorder recorder = new Recorder();

    private Http2Peer(Http2FrameCodecBuilder builder) {
        channel = new EmbeddedChannel(builder.build(), recorder);
    }

    static Http2Peer client() {
        return new Http2Peer(Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)));
    }

    static Http2Peer server(Consumer<Http2Settings> settings) {
        Http2Settings initial = Http2Settings.defaultSettings();
        settings.accept(initial);
        return new Http2Peer(Http2FrameCodecBuilder.forServer().initialSettings(initial));
    }

    Http2FrameStream newStream() {
        return recorder.newStream();
    }

    void write(Object frame) {
        channel.writeAndFlush(frame);
    }

    void headers(Http2FrameStream stream, boolean endStream, String... namesAndValues) {
        write(new DefaultHttp2HeadersFrame(headers(namesAndValues), endStream).stream(stream));
    }

    void data(Http2FrameStream stream, String text, boolean endStream) {
        write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1), endStream)
                .stream(stream));
    }

    static Http2Headers headers(String... namesAndValues) {
        Http2Headers headers = new DefaultHttp2Headers();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /** @param bytes bytes from the connection under test; ownership passes */
    void receive(ByteBuf bytes) {
        channel.writeInbound(bytes);
    }

    /** @return what the peer wrote since the last call; the caller owns it */
    ByteBuf takeOutput() {
        ByteBuf out = Unpooled.buffer();
        ByteBuf next;
        while ((next = channel.readOutbound()) != null) {
            out.writeBytes(next);
            next.release();
        }
        return out;
    }

    <T> List<T> framesOf(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object frame : frames) {
            if (type.isInstance(frame)) {
                out.add(type.cast(frame));
            }
        }
        return out;
    }

    void close() {
        channel.finishAndReleaseAll();
    }

    private final class Recorder extends Http2ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2DataFrame data) {
                frames.add(new Data(data.stream().id(), data.content().toString(StandardCharsets.ISO_8859_1),
                        data.isEndStream()));
            } else if (msg instanceof Http2GoAwayFrame goAway) {
                frames.add(new GoAway(goAway.lastStreamId(), goAway.errorCode()));
            } else {
                frames.add(msg);
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
