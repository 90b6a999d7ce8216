package org.mosn4j.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.network.tls.EchoFilterFactory;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.plugin.TestPluginJar;
import org.mosn4j.kernel.stats.StatsRegistry;

/** A listener's {@code max_connections}: connections beyond it are closed at once and counted. */
class ListenerMaxConnectionsTest {

    @TempDir
    Path dir;

    private Mosn4jServer mosn;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (mosn != null) {
            mosn.stopNow();
        }
    }

    private InetSocketAddress start(String maxConnections) throws Exception {
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        TestPluginJar.plugin("limit-test-echo").extension(EchoFilterFactory.class).writeTo(plugins, "echo.jar");
        String json = """
                {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0" %s,
                   "filter_chains": [{"filters": [{"type": "tls_test_echo", "config": {"greeting": "hi"}}]}]}]}]}
                """.formatted(maxConnections);
        mosn = Mosn4jServer.prepare(ConfigLoader.parse(json, null), PluginHost.load(plugins));
        mosn.start();
        return mosn.listenerAddress("l");
    }

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** @return the next line the server sends, or null when it closes the connection first */
    private static String greeting(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    return null;
                }
                line.append((char) b);
            }
        } catch (SocketException reset) {
            return null;
        }
        return line.toString();
    }

    private long refused() {
        return mosn.stats().snapshot().get(StatsRegistry.DOWNSTREAM).get("listener.l").get("connection_refused_limit");
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceAndCounted() throws Exception {
        InetSocketAddress address = start(", \"max_connections\": 2");
        Socket first = connect(address);
        Socket second = connect(address);
        assertEquals("hi", greeting(first));
        assertEquals("hi", greeting(second));

        Socket third = connect(address);
        assertEquals(null, greeting(third));
        assertEquals(1, refused());

        first.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ping", greeting(first), "the connections within the limit are served");
        first.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        String reply = null;
        while (reply == null && System.nanoTime() < deadline) {
            reply = greeting(connect(address));
        }
        assertEquals("hi", reply, "a connection is accepted again once one under the limit closed");
    }

    @Test
    void noLimitByDefault() throws Exception {
        InetSocketAddress address = start("");
        for (int i = 0; i < 20; i++) {
            assertEquals("hi", greeting(connect(address)));
        }
        assertEquals(0, refused());
        assertTrue(sockets.stream().noneMatch(Socket::isClosed));
    }
}
