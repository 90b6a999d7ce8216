package org.mosn4j.plugin.http2;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Netty HTTP/2 over cleartext with prior knowledge on real sockets, for end-to-end tests: a {@link Client}
 * that sends whole requests and records whole responses, and a {@link Server} that records each request's
 * headers exactly as they arrived and answers by path.
 */
final class H2c {

    private H2c() {
    }

    /** A whole message as received: every header (pseudo headers included, names as sent), body, trailers. */
    record Message(Map<String, List<String>> headers, byte[] body, Map<String, List<String>> trailers) {

        String first(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, List<String>> toMap(Http2Headers headers) {
        Map<String, List<String>> map = new TreeMap<>();
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            map.computeIfAbsent(header.getKey().toString(), k -> new CopyOnWriteArrayList<>())
                    .add(header.getValue().toString());
        }
        return map;
    }

    /** Collects one stream's inbound message; completes at END_STREAM, fails on RST_STREAM or close. */
    private static class Collector extends ChannelInboundHandlerAdapter {

        final CompletableFuture<Message> done = new CompletableFuture<>();
        private Map<String, List<String>> headers;
        private Map<String, List<String>> trailers = Map.of();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame frame) {
                    CharSequence status = frame.headers().status();
                    if (headers == null && status != null && status.charAt(0) == '1' && !frame.isEndStream()) {
                        return;
                    }
                    if (headers == null) {
                        headers = toMap(frame.headers());
                    } else {
                        trailers = toMap(frame.headers());
                    }
                    if (frame.isEndStream()) {
                        onMessage(ctx, new Message(headers, body.toByteArray(), trailers));
                    }
                } else if (msg instanceof Http2DataFrame frame) {
                    ByteBuf content = frame.content();
                    content.readBytes(body, content.readableBytes());
                    if (frame.isEndStream()) {
                        onMessage(ctx, new Message(headers, body.toByteArray(), trailers));
                    }
                } else if (msg instanceof Http2ResetFrame reset) {
                    done.completeExceptionally(new IOException("RST_STREAM " + reset.errorCode()));
                }
            } catch (IOException e) {
                done.completeExceptionally(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame reset) {
                done.completeExceptionally(new IOException("RST_STREAM " + reset.errorCode()));
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new IOException("stream closed before its end"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }

        void onMessage(ChannelHandlerContext ctx, Message message) {
            done.complete(message);
        }
    }

    private static void send(Channel stream, Http2Headers headers, byte[] body) {
        boolean noBody = body == null;
        stream.write(new DefaultHttp2HeadersFrame(headers, noBody));
        if (!noBody) {
            stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
        }
        stream.flush();
    }

    /** One prior-knowledge connection; requests run on their own streams. */
    static final class Client implements AutoCloseable {

        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel channel;

        Client(InetSocketAddress server) throws InterruptedException {
            channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                                    .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)).build(),
                                    new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                        }
                    })
                    .connect(server).sync().channel();
        }

        /**
         * @param body the request body, or null for none
         * @return the response
         */
        Message send(String method, String path, String authority, Map<String, String> extra, byte[] body)
                throws Exception {
            Collector collector = new Collector();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(collector).open().sync()
                    .getNow();
            Http2Headers headers = new DefaultHttp2Headers().method(method).path(path).scheme("http")
                    .authority(authority);
            extra.forEach(headers::add);
            stream.eventLoop().execute(() -> H2c.send(stream, headers, body));
            return collector.done.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    /**
     * Answers {@code /echo} with the request body (no content-length), {@code /nocontent} with 204,
     * {@code /fixed} with "fixed body" and a content-length (HEAD: the headers only), anything else with 200
     * and "h2c METHOD PATH"; {@code /refused-once/...}: RST_STREAM(REFUSED_STREAM) the first time for each path,
     * then like anything else. Every request's headers are kept in {@link #requests}.
     */
    static final class Server implements AutoCloseable {

        final List<Message> requests = new CopyOnWriteArrayList<>();
        private final Set<String> refused = ConcurrentHashMap.newKeySet();
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel channel;

        Server() throws InterruptedException {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                    new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                        @Override
                                        protected void initChannel(Channel stream) {
                                            stream.pipeline().addLast(new Answerer());
                                        }
                                    }));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) channel.localAddress();
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }

        private final class Answerer extends Collector {

            @Override
            void onMessage(ChannelHandlerContext ctx, Message request) {
                requests.add(request);
                String method = request.first(":method");
                String path = request.first(":path");
                if (path.startsWith("/refused-once/") && refused.add(path)) {
                    ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
                    return;
                }
                Http2Headers headers = new DefaultHttp2Headers().status("200").add("content-type", "text/plain");
                byte[] body;
                switch (path) {
                    case "/echo" -> body = request.body();
                    case "/nocontent" -> {
                        headers.status("204");
                        body = null;
                    }
                    case "/fixed" -> {
                        byte[] fixed = "fixed body".getBytes(StandardCharsets.US_ASCII);
                        headers.add("content-length", Integer.toString(fixed.length));
                        body = "HEAD".equals(method) ? null : fixed;
                    }
                    default -> body = ("h2c " + method + " " + path).getBytes(StandardCharsets.UTF_8);
                }
                send(ctx.channel(), headers, body);
            }
        }
    }
}
