package org.mosn4j.kernel.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.closedPort;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.runOnce;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.network.Transport;

/** The HTTP check against a real HTTP server on 127.0.0.1: statuses, expected codes, the request it sends. */
@Timeout(30)
class HttpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static EventLoopGroup loops;
    private HttpBackend backend;

    @BeforeAll
    static void startLoop() {
        loops = Transport.detect().newEventLoopGroup(1, "http-check-test");
    }

    @AfterAll
    static void stopLoop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void startBackend() throws Exception {
        backend = new HttpBackend();
    }

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    private static HttpCheck check(int port, String path, String method, String domain, Set<Integer> codes) {
        return new HttpCheck(Transport.detect(), new HttpCheckSettings(port, path, method, domain, codes, null));
    }

    private static HttpCheck defaults() {
        return check(0, "/", "GET", null, Set.of());
    }

    private CheckResult run(HttpCheck check) throws Exception {
        return runOnce(check, backend.address(), loops.next(), TIMEOUT);
    }

    @Test
    void anyTwoHundredPassesByDefault() throws Exception {
        assertEquals(CheckResult.pass("status 200"), run(defaults()));
        backend.status(204);
        assertEquals(CheckResult.pass("status 204"), run(defaults()));
    }

    @Test
    void a503Fails() throws Exception {
        backend.status(503);
        assertEquals(CheckResult.fail("status 503"), run(defaults()));
        backend.status(302);
        assertEquals(CheckResult.fail("status 302"), run(defaults()));
    }

    @Test
    void configuredCodesReplaceTheDefault() throws Exception {
        HttpCheck check = check(0, "/", "GET", null, Set.of(200, 418));
        backend.status(418);
        assertEquals(CheckResult.pass("status 418"), run(check));
        backend.status(204);
        assertEquals(CheckResult.fail("status 204"), run(check));
        backend.status(200);
        assertEquals(CheckResult.pass("status 200"), run(check));
    }

    @Test
    void theRequestHasTheConfiguredMethodPathAndDomainAndClosesTheConnection() throws Exception {
        assertEquals(CheckResult.pass("status 200"), run(check(0, "/health?deep=1", "HEAD", "example.com", Set.of())));
        assertEquals(new HttpBackend.Seen("HEAD", "/health?deep=1", "example.com", "close"), backend.nextRequest());
    }

    @Test
    void withoutDomainTheHostHeaderIsTheCheckedAddress() throws Exception {
        assertEquals(CheckResult.pass("status 200"), run(defaults()));
        assertEquals(new HttpBackend.Seen("GET", "/", "127.0.0.1:" + backend.port(), "close"), backend.nextRequest());
    }

    @Test
    void aConfiguredPortIsCheckedInsteadOfTheHosts() throws Exception {
        InetSocketAddress dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort());
        assertEquals(CheckResult.fail("connection refused"), runOnce(defaults(), dead, loops.next(), TIMEOUT));
        assertEquals(CheckResult.pass("status 200"),
                runOnce(check(backend.port(), "/", "GET", null, Set.of()), dead, loops.next(), TIMEOUT));
        assertEquals("127.0.0.1:" + backend.port(), backend.nextRequest().host());
    }

    @Test
    void aLargeBodyIsDiscardedUnread() throws Exception {
        backend.bodySize(4 * 1024 * 1024);
        assertEquals(CheckResult.pass("status 200"), run(defaults()));
        backend.status(500);
        assertEquals(CheckResult.fail("status 500"), run(defaults()));
    }

    @Test
    void aServerThatClosesWithoutAnsweringFails() throws Exception {
        try (SilentBackend silent = new SilentBackend()) {
            CompletableFuture<CheckResult> done = new CompletableFuture<>();
            EventLoop loop = loops.next();
            loop.execute(() -> defaults().start(silent.address(), loop, TIMEOUT, done::complete));
            Eventually.await(Duration.ofSeconds(5), () -> silent.accepted() == 1, () -> "the check connected");
            silent.close();
            assertEquals(CheckResult.fail("connection closed before a response"), done.get(10, TimeUnit.SECONDS));
        }
    }
}
