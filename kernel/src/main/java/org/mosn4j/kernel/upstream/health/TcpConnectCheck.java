package org.mosn4j.kernel.upstream.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import org.mosn4j.kernel.network.Transport;

/** Passes when a TCP connection to the host is established in time; the connection is closed at once. */
final class TcpConnectCheck implements HealthCheck {

    private final Transport transport;

    TcpConnectCheck(Transport transport) {
        this.transport = transport;
    }

    @Override
    public Channel start(InetSocketAddress address, EventLoop loop, Duration timeout, Consumer<CheckResult> done) {
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis(timeout))
                .handler(new ChannelInboundHandlerAdapter())
                .connect(address);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connect.channel().close();
                done.accept(CheckResult.pass("connected"));
            } else {
                done.accept(CheckResult.fail(f.cause()));
            }
        });
        return connect.channel();
    }

    /** @return {@code timeout} in milliseconds for {@link ChannelOption#CONNECT_TIMEOUT_MILLIS}, at least 1 */
    static int connectTimeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}
