package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.com.caucho.hessian.io.Hessian2Input;
import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fault and ip_access on a dubbo listener of the unpacked distribution, with Dubbo 2 frames (hessian2) on raw
 * sockets: an abort and a denial reach the consumer as Dubbo error replies, a delay holds one call while the
 * next is answered, and allowed calls reach the provider.
 */
@Timeout(120)
class FiltersDubboIT {

    private static final int OK = 20;

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

    private record Frame(int flags, int status, long id, byte[] body) {
    }

    private static byte[] frame(int flags, int status, long id, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0xdabb);
        out.writeByte(flags);
        out.writeByte(status);
        out.writeLong(id);
        out.writeInt(body.length);
        out.write(body);
        return bytes.toByteArray();
    }

    private static Frame read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        assertEquals(0xdabb, data.readUnsignedShort());
        int flags = data.readUnsignedByte();
        int status = data.readUnsignedByte();
        long id = data.readLong();
        byte[] body = new byte[data.readInt()];
        data.readFully(body);
        return new Frame(flags, status, id, body);
    }

    private interface HessianWriter {
        void write(Hessian2Output out) throws IOException;
    }

    private static byte[] hessian(HessianWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Hessian2Output out = new Hessian2Output(bytes);
        writer.write(out);
        out.flushBuffer();
        return bytes.toByteArray();
    }

    /** A two-way hessian2 call of {@code org.example.Greeter.method(String)} with attachments. */
    private static byte[] call(long id, String method, Map<String, String> attachments) throws IOException {
        Map<String, String> all = new HashMap<>(attachments);
        all.put("interface", "org.example.Greeter");
        all.put("path", "org.example.Greeter");
        return frame(0x80 | 0x40 | 2, 0, id, hessian(out -> {
            out.writeString("2.0.2");
            out.writeString("org.example.Greeter");
            out.writeString("1.0.0");
            out.writeString(method);
            out.writeString("Ljava/lang/String;");
            out.writeString("mosn");
            out.writeObject(all);
        }));
    }

    private static String readString(byte[] body) throws IOException {
        return new Hessian2Input(new ByteArrayInputStream(body)).readString();
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
                    socket.getOutputStream().write(frame(2, OK, request.id(), hessian(out -> {
                        out.writeInt(1);
                        out.writeString("pong");
                    })));
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
