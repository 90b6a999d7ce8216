package org.mosn4j.kernel.upstream.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import org.mosn4j.kernel.network.Transport;

/**
 * Sends one HTTP/1.1 request ({@code Connection: close}) on a new connection and passes when the status is one
 * of {@link HttpCheckSettings#codes()}. Only the response head is judged: the body is discarded as it arrives
 * and the connection closed once the head is read, so a large health page costs nothing.
 */
final class HttpCheck implements HealthCheck {

    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;
    private static final int MAX_CHUNK_SIZE = 8192;

    private final Transport transport;
    private final HttpCheckSettings settings;

    HttpCheck(Transport transport, HttpCheckSettings settings) {
        this.transport = transport;
        this.settings = settings;
    }

    @Override
    public Channel start(InetSocketAddress address, EventLoop loop, Duration timeout, Consumer<CheckResult> done) {
        InetSocketAddress target = settings.port() == 0 ? address
                : new InetSocketAddress(address.getAddress(), settings.port());
        ResponseJudge judge = new ResponseJudge(target, done);
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TcpConnectCheck.connectTimeoutMillis(timeout))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
                        ch.pipeline().addLast(judge);
                    }
                })
                .connect(target);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                judge.finish(CheckResult.fail(f.cause()));
            }
        });
        return connect.channel();
    }

    private FullHttpRequest request(InetSocketAddress target) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(settings.method()),
                settings.path(), Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, settings.domain() != null ? settings.domain() : hostHeader(target))
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.USER_AGENT, "mosn4j-health-check");
        return request;
    }

    private static String hostHeader(InetSocketAddress target) {
        String ip = target.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + target.getPort();
    }

    /** Sends the request once connected and judges the response head; one per check. */
    private final class ResponseJudge extends SimpleChannelInboundHandler<HttpObject> {

        private final InetSocketAddress target;
        private final Consumer<CheckResult> done;
        private boolean finished;

        ResponseJudge(InetSocketAddress target, Consumer<CheckResult> done) {
            this.target = target;
            this.done = done;
        }

        void finish(CheckResult result) {
            if (!finished) {
                finished = true;
                done.accept(result);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request(target)).addListener(f -> {
                if (!f.isSuccess()) {
                    finish(CheckResult.fail("request not sent: " + f.cause().getMessage()));
                    ctx.close();
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (finished) {
                return;
            }
            if (msg.decoderResult().isFailure()) {
                finish(CheckResult.fail("invalid response: " + msg.decoderResult().cause().getMessage()));
                ctx.close();
            } else if (msg instanceof HttpResponse response && !interim(response.status().code())) {
                int status = response.status().code();
                finish(settings.passes(status) ? CheckResult.pass("status " + status) : CheckResult.fail("status " + status));
                ctx.close();
            }
        }

        /** A 1xx answer other than 101 is followed by the real one. */
        private static boolean interim(int status) {
            return status >= 100 && status < 200 && status != 101;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(CheckResult.fail("connection closed before a response"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(CheckResult.fail(cause));
            ctx.close();
        }
    }
}
