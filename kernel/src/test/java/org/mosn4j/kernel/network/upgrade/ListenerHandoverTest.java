package org.mosn4j.kernel.network.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.ServerState;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.network.BindException;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.network.tls.EchoFilterFactory;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.plugin.TestPluginJar;

/**
 * Two servers in one process, the second started to take the first one's sockets over through a Unix socket:
 * the port stays the same, connections opened all through the handover are served by one or the other, the
 * first server drains and stops, and a start that fails leaves the first one serving untouched. The listeners
 * greet each connection with a word of their config ({@code tls_test_echo}), so a test sees which server took it.
 */
@Timeout(60)
class ListenerHandoverTest {

    @TempDir
    Path dir;
    private Path plugins;
    private Path socket;
    private final List<Mosn4jServer> servers = new ArrayList<>();

    @BeforeEach
    void epollAndPlugins() throws IOException {
        assumeTrue(Transport.detect() == Transport.EPOLL, "hot upgrade needs the epoll transport");
        plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        TestPluginJar.plugin("upgrade-test-echo").extension(EchoFilterFactory.class).writeTo(plugins, "echo.jar");
        socket = dir.resolve(HotUpgrade.SOCKET_FILE);
    }

    @AfterEach
    void stopAll() {
        servers.forEach(Mosn4jServer::stopNow);
    }

    private static String listener(String name, String address, String greeting) {
        return """
                {"name": "%s", "address": "%s", "bind_port": true,
                 "filter_chains": [{"filters": [{"type": "tls_test_echo", "config": {"greeting": "%s"}}]}]}
                """.formatted(name, address, greeting);
    }

    private static String config(String gracefulTimeout, String... listeners) {
        return """
                {"servers": [{"default_log_path": "stdout", "graceful_timeout": "%s", "listeners": [%s]}],
                 "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}}
                """.formatted(gracefulTimeout, String.join(",", listeners));
    }

    private Mosn4jServer prepare(String json, HotUpgrade upgrade) throws Exception {
        Mosn4jServer server = Mosn4jServer.prepare(ConfigLoader.parse(json, null), PluginHost.load(plugins));
        server.hotUpgrade(upgrade);
        servers.add(server);
        return server;
    }

    private Mosn4jServer start(String json, HotUpgrade upgrade) throws Exception {
        Mosn4jServer server = prepare(json, upgrade);
        server.start();
        return server;
    }

    /** Connects, reads the greeting, checks one echo; @return the greeting */
    private static String greetingAndEcho(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 5000);
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String greeting = in.readLine();
            s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
            String echo = in.readLine();
            if (!"ping".equals(echo)) {
                throw new IOException("echo was " + echo + " after greeting " + greeting);
            }
            return greeting;
        }
    }

    private static void awaitStopped(Mosn4jServer server, Duration timeout) throws Exception {
        CompletableFuture.runAsync(() -> {
            try {
                server.awaitStopped();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void theSuccessorServesOnTheSamePortWhileTheOldServerDrains() throws Exception {
        Mosn4jServer old = start(config("20s", listener("echo", "127.0.0.1:0", "old")), HotUpgrade.at(socket));
        InetSocketAddress address = old.listenerAddress("echo");
        int adminPort = old.adminAddress().getPort();
        assertEquals("old", greetingAndEcho(address));

        try (Socket held = new Socket()) {
            held.connect(address, 5000);
            held.setSoTimeout(10_000);
            BufferedReader heldIn = new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("old", heldIn.readLine());

            // Clients connect all through the handover: every connection must be served, by either server.
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentHashMap<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
            List<Throwable> failures = new ArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Thread client = new Thread(() -> {
                    while (running.get()) {
                        try {
                            servedBy.computeIfAbsent(greetingAndEcho(address), k -> new AtomicInteger()).incrementAndGet();
                        } catch (IOException e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            awaitCount(servedBy, "old", 20);

            Mosn4jServer successor = start(config("20s", listener("echo", "127.0.0.1:0", "new")),
                    HotUpgrade.at(socket).takingOver());
            assertEquals(address, successor.listenerAddress("echo"));
            assertEquals(adminPort, successor.adminAddress().getPort());
            int servedByOldAtTakeover = servedBy.get("old").get();
            awaitCount(servedBy, "new", 50);
            running.set(false);
            for (Thread client : clients) {
                client.join(10_000);
            }
            assertTrue(failures.isEmpty(), "failed connections: " + failures);
            assertTrue(servedByOldAtTakeover >= 20, servedBy.toString());
            assertEquals(ServerState.GRACEFUL_STOPPING, old.state(), "the old server waits for the held connection");
            assertEquals("new", greetingAndEcho(address));

            // The connection the old server took before the upgrade is still its own, until the client ends it.
            OutputStream heldOut = held.getOutputStream();
            heldOut.write("still here\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("still here", heldIn.readLine());
            held.shutdownOutput();
            assertEquals(null, heldIn.readLine());
            awaitStopped(old, Duration.ofSeconds(10));

            HttpResponse<String> dump = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/api/v1/config_dump")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(dump.body().contains("\"new\""), "the successor answers on the admin port: " + dump.body());
            assertTrue(Files.exists(socket), "the successor offers its sockets in turn");
        }
    }

    private static void awaitCount(ConcurrentHashMap<String, AtomicInteger> counts, String key, int atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (counts.getOrDefault(key, new AtomicInteger()).get() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "no " + atLeast + " connections greeted " + key + ": " + counts);
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    @Test
    void listenersNewInTheSuccessorAreBoundAndThoseItLacksAreClosed() throws Exception {
        Mosn4jServer old = start(config("5s", listener("kept", "127.0.0.1:0", "old kept"),
                listener("dropped", "127.0.0.1:0", "old dropped")), HotUpgrade.at(socket));
        InetSocketAddress kept = old.listenerAddress("kept");
        InetSocketAddress dropped = old.listenerAddress("dropped");
        assertEquals("old dropped", greetingAndEcho(dropped));

        Mosn4jServer successor = start(config("5s", listener("kept", "127.0.0.1:0", "new kept"),
                listener("added", "127.0.0.1:0", "new added")), HotUpgrade.at(socket).takingOver());
        awaitStopped(old, Duration.ofSeconds(10));
        assertEquals(kept, successor.listenerAddress("kept"));
        assertEquals("new kept", greetingAndEcho(kept));
        assertEquals("new added", greetingAndEcho(successor.listenerAddress("added")));
        assertThrows(ConnectException.class, () -> greetingAndEcho(dropped));
    }

    @Test
    void aListenerKeyedByNameAndAddressIsNotHandedOverWhenTheAddressChanged() throws Exception {
        Mosn4jServer old = start(config("5s", listener("echo", "127.0.0.1:0", "old")), HotUpgrade.at(socket));
        InetSocketAddress before = old.listenerAddress("echo");
        int otherPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            otherPort = free.getLocalPort();
        }
        Mosn4jServer successor = start(config("5s", listener("echo", "127.0.0.1:" + otherPort, "new")),
                HotUpgrade.at(socket).takingOver());
        awaitStopped(old, Duration.ofSeconds(10));
        assertEquals(otherPort, successor.listenerAddress("echo").getPort());
        assertEquals("new", greetingAndEcho(successor.listenerAddress("echo")));
        assertThrows(ConnectException.class, () -> greetingAndEcho(before));
    }

    @Test
    void withoutARunningServerTheUpgradeFailsAndSaysWhy() throws Exception {
        Mosn4jServer successor = prepare(config("5s", listener("echo", "127.0.0.1:0", "new")),
                HotUpgrade.at(socket).takingOver());
        HandoverException e = assertThrows(HandoverException.class, successor::start);
        assertTrue(e.getMessage().startsWith("hot upgrade: no running mosn4j offers its listeners at " + socket),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("start it first, or start this one without --upgrade"), e.getMessage());
        assertEquals(ServerState.STOPPED, successor.state());
    }

    @Test
    void aSuccessorThatFailsToStartLeavesTheOldServerServingUntouched() throws Exception {
        Mosn4jServer old = start(config("5s", listener("echo", "127.0.0.1:0", "old")), HotUpgrade.at(socket));
        InetSocketAddress address = old.listenerAddress("echo");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Mosn4jServer failing = prepare(config("5s", listener("echo", "127.0.0.1:0", "failing"),
                    listener("busy", "127.0.0.1:" + taken.getLocalPort(), "failing")), HotUpgrade.at(socket).takingOver());
            BindException e = assertThrows(BindException.class, failing::start);
            assertFalse(e instanceof HandoverException, e.toString());
            assertTrue(e.getMessage().startsWith("listener busy: cannot bind"), e.getMessage());
        }
        assertEquals(ServerState.RUNNING, old.state());
        for (int i = 0; i < 20; i++) {
            assertEquals("old", greetingAndEcho(address));
        }

        Mosn4jServer successor = start(config("5s", listener("echo", "127.0.0.1:0", "new")),
                HotUpgrade.at(socket).takingOver());
        awaitStopped(old, Duration.ofSeconds(10));
        assertEquals(address, successor.listenerAddress("echo"));
        assertEquals("new", greetingAndEcho(address));
    }

    @Test
    void aServerThatIsStoppingRefusesTheUpgrade() throws Exception {
        Mosn4jServer old = start(config("20s", listener("echo", "127.0.0.1:0", "old")), HotUpgrade.at(socket));
        try (Socket held = new Socket()) {
            held.connect(old.listenerAddress("echo"), 5000);
            assertNotNull(new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.UTF_8)).readLine());
            Thread stopping = new Thread(old::stopGracefully);
            stopping.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (old.state() != ServerState.GRACEFUL_STOPPING) {
                assertTrue(System.nanoTime() < deadline, "the server did not start stopping");
                TimeUnit.MILLISECONDS.sleep(5);
            }
            Mosn4jServer successor = prepare(config("5s", listener("echo", "127.0.0.1:0", "new")),
                    HotUpgrade.at(socket).takingOver());
            HandoverException e = assertThrows(HandoverException.class, successor::start);
            assertTrue(e.getMessage().contains("refused: this process is not serving"), e.getMessage());
        }
    }
}
