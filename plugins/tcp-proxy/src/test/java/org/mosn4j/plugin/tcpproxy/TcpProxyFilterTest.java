package org.mosn4j.plugin.tcpproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TcpProxyFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hundredConcurrentConnectionsEachEchoOneMebibyteExactly() throws Exception {
        try (Backends.Backend echo = Backends.echo();
             RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener("{\"cluster\": \"echo\"}",
                     TcpProxyConfigs.cluster("echo", echo.address())))) {
            int connections = 100;
            int size = 1024 * 1024;
            ExecutorService pool = Executors.newFixedThreadPool(connections * 2);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    byte[] payload = new byte[size];
                    new Random(c).nextBytes(payload);
                    results.add(pool.submit(() -> {
                        try (Socket socket = Backends.connect(mosn.listener("tcp"))) {
                            Future<?> writer = pool.submit(() -> {
                                OutputStream out = socket.getOutputStream();
                                for (int off = 0; off < size; off += 8192) {
                                    out.write(payload, off, Math.min(8192, size - off));
                                }
                                socket.shutdownOutput();
                                return null;
                            });
                            byte[] echoed = socket.getInputStream().readAllBytes();
                            writer.get();
                            assertArrayEquals(payload, echoed);
                            return true;
                        }
                    }));
                }
                for (Future<Boolean> result : results) {
                    assertTrue(result.get());
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode stats = JSON.readTree(mosn.admin("/api/v1/stats").body());
            JsonNode listener = stats.get("downstream").get("listener.tcp");
            assertEquals(String.valueOf(connections), listener.get("connection_total").asText());
            assertEquals(String.valueOf((long) connections * size), listener.get("bytes_read_total").asText());
            assertEquals(String.valueOf(connections), stats.get("upstream").get("cluster.echo").get("connection_total").asText());
        }
    }

    @Test
    void theNioTransportProxiesTheSameBytes() throws Exception {
        System.setProperty("mosn4j.transport", "nio");
        try (Backends.Backend echo = Backends.echo();
             RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener("{\"cluster\": \"echo\"}",
                     TcpProxyConfigs.cluster("echo", echo.address())));
             Socket socket = Backends.connect(mosn.listener("tcp"))) {
            assertEquals("true", mosn.admin("/api/v1/features?key=transport.nio").body());
            byte[] payload = new byte[64 * 1024];
            new Random(7).nextBytes(payload);
            socket.getOutputStream().write(payload);
            socket.shutdownOutput();
            assertArrayEquals(payload, socket.getInputStream().readAllBytes());
        } finally {
            System.clearProperty("mosn4j.transport");
        }
    }

    @Test
    void halfCloseIsPassedOnAndTheReplyStillArrives() throws Exception {
        // The backend reads until the client's FIN, then answers with what it got, reversed, and closes.
        try (Backends.Backend backend = new Backends.Backend(socket -> {
            try {
                byte[] request = socket.getInputStream().readAllBytes();
                byte[] reply = new StringBuilder(new String(request, StandardCharsets.US_ASCII)).reverse().toString()
                        .getBytes(StandardCharsets.US_ASCII);
                socket.getOutputStream().write(reply);
                socket.shutdownOutput();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
             RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener("{\"cluster\": \"b\"}",
                     TcpProxyConfigs.cluster("b", backend.address())));
             Socket socket = Backends.connect(mosn.listener("tcp"))) {
            socket.getOutputStream().write("half-close".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertEquals("esolc-flah", new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void connectFailureClosesTheClientAndIsCountedPerAttempt() throws Exception {
        String dead = "127.0.0.1:" + Backends.closedPort();
        try (RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener(
                "{\"cluster\": \"dead\", \"max_connect_attempts\": 2}", TcpProxyConfigs.cluster("dead", dead)));
             Socket socket = Backends.connect(mosn.listener("tcp"))) {
            InputStream in = socket.getInputStream();
            assertEquals(-1, readOrEof(in));
            JsonNode cluster = JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster.dead").body())
                    .get("upstream").get("cluster.dead");
            assertEquals("2", cluster.get("connection_con_fail").asText());
            assertEquals("0", cluster.get("connection_total").asText());
        }
    }

    @Test
    void aHostThatNeverAcceptsTimesOutAfterConnectTimeout() throws Exception {
        // A listener whose accept queue is full drops new SYNs, so connecting to it hangs until timed out.
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(full.getLocalSocketAddress(), 300);
                    } catch (java.net.SocketTimeoutException queueFull) {
                        break;
                    }
                }
                String cluster = TcpProxyConfigs.cluster("stuck", "127.0.0.1:" + full.getLocalPort())
                        .replace("\"connect_timeout\": \"2s\"", "\"connect_timeout\": \"300ms\"");
                try (RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener("{\"cluster\": \"stuck\"}", cluster));
                     Socket socket = Backends.connect(mosn.listener("tcp"))) {
                    long start = System.nanoTime();
                    assertEquals(-1, readOrEof(socket.getInputStream()));
                    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(waitedMillis >= 250, "closed after " + waitedMillis + " ms, before connect_timeout");
                    assertTrue(waitedMillis < 10_000, "closed only after " + waitedMillis + " ms");
                    JsonNode stats = JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster.stuck").body());
                    assertEquals("1", stats.at("/upstream/cluster.stuck/connection_con_fail").asText());
                }
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void connectRetriesReachTheNextHost() throws Exception {
        String dead = "127.0.0.1:" + Backends.closedPort();
        try (Backends.Backend alive = Backends.named("alive");
             RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener(
                     "{\"cluster\": \"pair\", \"max_connect_attempts\": 2}",
                     TcpProxyConfigs.cluster("pair", dead, alive.address())))) {
            for (int i = 0; i < 4; i++) {
                try (Socket socket = Backends.connect(mosn.listener("tcp"))) {
                    socket.shutdownOutput();
                    assertEquals("alive", new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                }
            }
        }
    }

    @Test
    void firstMatchingRouteChoosesTheCluster() throws Exception {
        try (Backends.Backend local = Backends.named("local");
             Backends.Backend other = Backends.named("other");
             Backends.Backend fallback = Backends.named("fallback");
             RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener("""
                     {"cluster": "fallback", "routes": [
                        {"cluster": "other", "source_addrs": [{"address": "10.0.0.0", "length": 8}]},
                        {"cluster": "local", "source_addrs": [{"address": "127.0.0.0", "length": 8}],
                         "destination_addrs": [{"address": "127.0.0.1", "length": 32}]}
                     ]}""",
                     TcpProxyConfigs.cluster("local", local.address()) + ","
                             + TcpProxyConfigs.cluster("other", other.address()) + ","
                             + TcpProxyConfigs.cluster("fallback", fallback.address())));
             Socket socket = Backends.connect(mosn.listener("tcp"))) {
            socket.shutdownOutput();
            assertEquals("local", new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void idleConnectionsAreClosedAfterIdleTimeout() throws Exception {
        try (Backends.Backend echo = Backends.echo();
             RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener(
                     "{\"cluster\": \"echo\", \"idle_timeout\": \"300ms\"}", TcpProxyConfigs.cluster("echo", echo.address())));
             Socket socket = Backends.connect(mosn.listener("tcp"))) {
            socket.getOutputStream().write('x');
            InputStream in = socket.getInputStream();
            assertEquals('x', in.read());
            assertEquals(-1, readOrEof(in));
        }
    }

    @Test
    void listenerConnectionIdleTimeoutClosesIdleConnections() throws Exception {
        try (Backends.Backend echo = Backends.echo();
             RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener("{\"cluster\": \"echo\"}",
                     TcpProxyConfigs.cluster("echo", echo.address()), ", \"connection_idle_timeout\": \"300ms\""));
             Socket socket = Backends.connect(mosn.listener("tcp"))) {
            socket.getOutputStream().write('y');
            InputStream in = socket.getInputStream();
            assertEquals('y', in.read());
            assertEquals(-1, readOrEof(in));
            JsonNode upstream = JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster.echo").body())
                    .get("upstream").get("cluster.echo");
            assertEquals("1", upstream.get("connection_total").asText());
        }
    }

    /** @return the next byte, or -1 at end of stream or when the connection was reset */
    private static int readOrEof(InputStream in) {
        try {
            return in.read();
        } catch (java.net.SocketException e) {
            return -1;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
