package org.mosn4j.kernel.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.network.Transport;

/** One host's schedule: initial delay, the timeout, one check in flight at a time, and stop. */
@Timeout(30)
class HostCheckerTest {

    private static final HttpCheckSettings HTTP = new HttpCheckSettings(0, "/", "GET", null, Set.of(), null);
    private static EventLoopGroup loops;

    @BeforeAll
    static void startLoop() {
        loops = Transport.detect().newEventLoopGroup(1, "host-checker-test");
    }

    @AfterAll
    static void stopLoop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static HealthCheckSettings settings(Duration timeout, Duration interval, Duration initialDelay,
            HttpCheckSettings http) {
        return new HealthCheckSettings("", timeout, interval, Duration.ZERO, initialDelay, 1, 1, http);
    }

    private static HostChecker start(InetSocketAddress address, HealthCheckSettings settings,
            LinkedBlockingQueue<CheckResult> results) {
        EventLoop loop = loops.next();
        HostChecker checker = new HostChecker(address, settings.newCheck(Transport.detect()), settings, loop,
                results::add);
        loop.execute(checker::start);
        return checker;
    }

    private static CheckResult next(LinkedBlockingQueue<CheckResult> results) throws InterruptedException {
        CheckResult result = results.poll(10, TimeUnit.SECONDS);
        if (result == null) {
            throw new AssertionError("no check result within 10s");
        }
        return result;
    }

    private static void stop(HostChecker checker) throws Exception {
        loops.next().submit(checker::stop).get(10, TimeUnit.SECONDS);
        assertFalse(loops.next().submit(checker::active).get(10, TimeUnit.SECONDS));
    }

    /** Waits until the loop has run past {@code delay} from now (a task scheduled for then ran). */
    private static void letTimePass(Duration delay) throws Exception {
        loops.next().schedule(() -> null, delay.toNanos(), TimeUnit.NANOSECONDS).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBackendThatAcceptsAndNeverAnswersFailsByTimeoutOneCheckAtATime() throws Exception {
        try (SilentBackend silent = new SilentBackend()) {
            LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
            long started = System.nanoTime();
            HostChecker checker = start(silent.address(),
                    settings(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ZERO, HTTP), results);
            for (int i = 0; i < 3; i++) {
                assertEquals(CheckResult.fail("timed out after 200ms"), next(results));
            }
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(3 * 200 + 2 * 300).toNanos(),
                    "three timeouts and two intervals passed");
            stop(checker);
            assertTrue(silent.accepted() >= 3 && silent.accepted() <= 4, "accepted " + silent.accepted());
            assertEquals(1, silent.maxOpen(), "at most one check in flight");
            Eventually.await(Duration.ofSeconds(5), () -> silent.open() == 0,
                    () -> "every timed-out check's connection closed; open: " + silent.open());
        }
    }

    @Test
    void theFirstCheckWaitsForTheInitialDelay() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
            long started = System.nanoTime();
            HostChecker checker = start(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    settings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(400), null), results);
            assertEquals(CheckResult.pass("connected"), next(results));
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(400).toNanos(), "the initial delay passed");
            stop(checker);
        }
    }

    @Test
    void stopCancelsTheInFlightCheckAndSchedulesNothing() throws Exception {
        try (SilentBackend silent = new SilentBackend()) {
            LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
            HostChecker checker = start(silent.address(),
                    settings(Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ZERO, HTTP), results);
            Eventually.await(Duration.ofSeconds(5), () -> silent.accepted() == 1, () -> "the first check connected");
            stop(checker);
            Eventually.await(Duration.ofSeconds(5), () -> silent.open() == 0,
                    () -> "the abandoned check's connection closed");
            letTimePass(Duration.ofMillis(300));
            assertNull(results.poll(), "an abandoned check reports nothing");
            assertEquals(1, silent.accepted(), "no check after stop");
        }
    }

    @Test
    void checksRepeatEveryIntervalWhilePassing() throws Exception {
        try (HttpBackend backend = new HttpBackend()) {
            LinkedBlockingQueue<CheckResult> results = new LinkedBlockingQueue<>();
            HostChecker checker = start(backend.address(),
                    settings(Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ZERO, HTTP), results);
            for (int i = 0; i < 5; i++) {
                assertEquals(CheckResult.pass("status 200"), next(results));
            }
            backend.status(503);
            CheckResult result;
            do {
                result = next(results);
            } while (result.passed());
            assertEquals(CheckResult.fail("status 503"), result);
            stop(checker);
        }
    }
}
