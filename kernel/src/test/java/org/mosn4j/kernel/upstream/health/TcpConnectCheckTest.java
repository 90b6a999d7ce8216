package org.mosn4j.kernel.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.closedPort;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.runOnce;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.network.Transport;

/** The TCP connect check against real sockets on 127.0.0.1. */
@Timeout(30)
class TcpConnectCheckTest {

    private static EventLoopGroup loops;
    private final TcpConnectCheck check = new TcpConnectCheck(Transport.detect());

    @BeforeAll
    static void startLoop() {
        loops = Transport.detect().newEventLoopGroup(1, "tcp-check-test");
    }

    @AfterAll
    static void stopLoop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aListeningPortPasses() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CheckResult result = runOnce(check, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    server.getLocalPort()), loops.next(), Duration.ofSeconds(1));
            assertEquals(CheckResult.pass("connected"), result);
        }
    }

    @Test
    void aClosedPortFailsAsRefused() throws Exception {
        CheckResult result = runOnce(check, new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort()),
                loops.next(), Duration.ofSeconds(1));
        assertEquals(CheckResult.fail("connection refused"), result);
    }

    @Test
    void theConnectionIsClosedAtOnce() throws Exception {
        try (SilentBackend backend = new SilentBackend()) {
            assertEquals(CheckResult.pass("connected"), runOnce(check, backend.address(), loops.next(),
                    Duration.ofSeconds(1)));
            Eventually.await(Duration.ofSeconds(5), () -> backend.accepted() == 1 && backend.open() == 0,
                    () -> "the checked connection closed; accepted " + backend.accepted() + ", open " + backend.open());
        }
    }
}
