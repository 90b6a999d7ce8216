package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.distribution.DubboWire.OK;
import static org.mosn4j.distribution.DubboWire.read;
import static org.mosn4j.distribution.DubboWire.readString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.distribution.DubboWire.Frame;

/**
 * fault and ip_access on a dubbo listener of the unpacked distribution, with Dubbo 2 frames (hessian2) on raw
 * sockets: an abort and a denial reach the consumer as Dubbo error replies, a delay holds one call while the
 * next is answered, and allowed calls reach the provider.
 */
@Timeout(120)
class FiltersDubboIT {

    @TempDir
    Path dir;

    private static String config(int providerPort) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                      "routers": [{"match": {"headers": [{"name": "service", "value": ".*", "regex": true}]},
                        "route": {"cluster_name": "provider"}}]}]}],
                    "listeners": [{
                      "name": "dubbo", "address": "127.0.0.1:0", "bind_port": true,
                      "stream_filters": [
                        {"type": "ip_access", "config": {"header": "client-ip",
                          "ips": [{"action": "deny", "addrs": ["10.0.0.0/8"]}]}},
                        {"type": "fault", "config": {"abort": {"status": 503, "percentage": 100},
                          "headers": [{"name": "method", "value": "fail"}]}},
                        {"type": "fault", "config": {"delay": {"fixed_delay": "400ms", "percentage": 100},
                          "headers": [{"name": "method", "value": "slow"}]}}
                      ],
                      "filter_chains": [{"filters": [{"type": "proxy",
                        "config": {"downstream_protocol": "dubbo", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "provider", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}]}
                }
                """.formatted(providerPort);
    }

    /** A two-way hessian2 call of {@code org.example.Greeter.method(String)} with attachments. */
    private static byte[] call(long id, String method, Map<String, String> attachments) throws IOException {
        return DubboWire.call(id, "org.example.Greeter", method, attachments);
    }

    /** A provider answering every call with the value "pong". */
    private static final class Provider implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final ExecutorService threads = Executors.newCachedThreadPool();
        final AtomicInteger calls = new AtomicInteger();

        Provider() throws IOException {
            threads.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        threads.execute(() -> serve(socket));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket socket) {
            try (socket) {
                while (true) {
                    Frame request = read(socket.getInputStream());
                    calls.incrementAndGet();
                    socket.getOutputStream().write(DubboWire.valueResponse(request.id(), "pong"));
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }

    @Test
    void abortsAndDenialsAreDubboErrorsAndDelaysHoldOneCall() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (Provider provider = new Provider();
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("dubbo-filters.json",
                     config(provider.server.getLocalPort())).toString())) {
            int port = mosn.listenerPort("dubbo");
            mosn.awaitStarted();
            try (Socket consumer = new Socket("127.0.0.1", port)) {
                consumer.setSoTimeout(20_000);
                OutputStream out = consumer.getOutputStream();
                InputStream in = consumer.getInputStream();

                out.write(call(1, "fail", Map.of()));
                Frame aborted = read(in);
                assertEquals(1, aborted.id());
                assertNotEquals(OK, aborted.status());
                assertTrue(readString(aborted.body()).contains("fault filter abort"), readString(aborted.body()));

                out.write(call(2, "hello", Map.of("client-ip", "10.1.2.3")));
                Frame denied = read(in);
                assertEquals(2, denied.id());
                assertNotEquals(OK, denied.status());
                assertTrue(readString(denied.body()).contains("access denied by ip_access"), readString(denied.body()));
                assertEquals(0, provider.calls.get());

                long start = System.nanoTime();
                out.write(call(3, "slow", Map.of()));
                out.write(call(4, "hello", Map.of("client-ip", "192.168.1.1")));
                Frame first = read(in);
                Frame second = read(in);
                assertEquals(4, first.id(), "the undelayed call is answered first");
                assertEquals(3, second.id());
                assertEquals(OK, first.status());
                assertEquals(OK, second.status());
                assertTrue(System.nanoTime() - start >= Duration.ofMillis(400).toNanos());
                assertEquals(2, provider.calls.get());
            }
            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
        }
    }
}
