package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.RunningMosn;

/**
 * Real Dubbo consumers calling real Dubbo providers through the in-process proxy: routing on service, method,
 * version and group, many consumers multiplexed onto few upstream connections, the proxy's own errors as
 * Dubbo exceptions, one-way calls and heartbeats.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DubboProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = GreetingService.class.getName();
    /** Worker event loops of the proxy, each with its own upstream pool. */
    private static final int PROXY_THREADS = 2;

    private final Greeter main = new Greeter("main");
    private final Greeter v2 = new Greeter("v2");
    private final Greeter blue = new Greeter("blue");
    private DubboPeers.Provider provider;
    private RunningMosn mosn;
    private DubboPeers.Client client;
    private int proxyPort;
    private Path accessLog;

    private String config(int mainPort, int v2Port, int bluePort, int downPort) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "processor": %d,
                    "routers": [{"router_config_name": "dubbo_router", "virtual_hosts": [{"name": "all", "domains": ["*"],
                      "routers": [
                        {"match": {"headers": [{"name": "service", "value": "%s"}, {"name": "group", "value": "blue"}]},
                         "route": {"cluster_name": "blue"}},
                        {"match": {"headers": [{"name": "service", "value": "%s"}, {"name": "version", "value": "2.0.0"}]},
                         "route": {"cluster_name": "v2"}},
                        {"match": {"headers": [{"name": "group", "value": "down"}]}, "route": {"cluster_name": "down"}},
                        {"match": {"headers": [{"name": "method", "value": "slow"}]},
                         "route": {"cluster_name": "main", "timeout": "300ms"}},
                        {"match": {"headers": [{"name": "service", "value": "org\\\\.mosn4j\\\\.plugin\\\\.dubbo\\\\.Greeting.*",
                           "regex": true}]}, "route": {"cluster_name": "main"}}
                      ]}]}],
                    "listeners": [{
                      "name": "dubbo", "address": "127.0.0.1:0", "bind_port": true,
                      "access_logs": [{"log_path": "%s",
                         "log_format": "%%protocol%% %%response_code%% %%request_header_service%% %%request_header_method%% %%response_flag%%"}],
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "dubbo",
                         "router_config_name": "dubbo_router"}}]}]
                    }]
                  }],
                  "tracing": {"enable": true, "driver": "SOFATracer"},
                  "cluster_manager": {"clusters": [
                    {"name": "main", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "v2", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "blue", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "down", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(PROXY_THREADS, SERVICE, SERVICE, accessLog.toString().replace("\\", "\\\\"),
                mainPort, v2Port, bluePort, downPort);
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        accessLog = dir.resolve("access.log");
        provider = new DubboPeers.Provider("mosn4j-test-provider");
        int mainPort = provider.export(GreetingService.class, main, s -> {
        });
        int v2Port = provider.export(GreetingService.class, v2, s -> s.setVersion("2.0.0"));
        int bluePort = provider.export(GreetingService.class, blue, s -> s.setGroup("blue"));
        provider.start();
        mosn = RunningMosn.start(config(mainPort, v2Port, bluePort, DubboPeers.freePort()));
        proxyPort = mosn.listener("dubbo").getPort();
        client = new DubboPeers.Client("mosn4j-test-consumer");
    }

    @AfterAll
    void stop() {
        main.slowRelease.countDown();
        if (client != null) {
            client.close();
        }
        if (mosn != null) {
            mosn.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aCallRoutedByServiceRegexReachesTheProvider() {
        GreetingService greeting = client.reference(GreetingService.class, proxyPort, r -> {
        });
        assertEquals("main: hello world", greeting.sayHello("world"));
        Person older = greeting.birthday(new Person("ann", 41));
        assertEquals("ann", older.getName());
        assertEquals(42, older.getAge());
    }

    @Test
    void tracingAddsATraceparentAttachmentAndContinuesTheCallersTrace() throws Exception {
        GreetingService greeting = client.reference(GreetingService.class, proxyPort, r -> {
        });
        main.traceparents.clear();
        greeting.sayHello("traced");
        String started = main.traceparents.poll(10, TimeUnit.SECONDS);
        assertTrue(started != null && started.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), String.valueOf(started));

        String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        RpcContext.getClientAttachment().setAttachment("traceparent", caller);
        try {
            greeting.sayHello("traced again");
        } finally {
            RpcContext.getClientAttachment().removeAttachment("traceparent");
        }
        String continued = main.traceparents.poll(10, TimeUnit.SECONDS);
        assertTrue(continued != null && continued.startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
                && !continued.equals(caller), String.valueOf(continued));
    }

    @Test
    void versionAndGroupHeadersPickTheCluster() {
        GreetingService v2Greeting = client.reference(GreetingService.class, proxyPort, r -> r.setVersion("2.0.0"));
        GreetingService blueGreeting = client.reference(GreetingService.class, proxyPort, r -> r.setGroup("blue"));
        assertEquals("v2: hello a", v2Greeting.sayHello("a"));
        assertEquals("blue: hello b", blueGreeting.sayHello("b"));
    }

    @Test
    void manyConsumerConnectionsShareFewUpstreamConnections() throws Exception {
        int downstreamConnections = 8;
        GreetingService greeting = client.reference(GreetingService.class, proxyPort,
                r -> r.setConnections(downstreamConnections));
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String name = "caller-" + i;
                results.add(callers.submit(() -> greeting.sayHello(name)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals("main: hello caller-" + i, results.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        assertTrue(main.callers.size() <= PROXY_THREADS,
                "upstream connections seen by the provider: " + main.callers);
    }

    @Test
    void noRouteIsAnRpcExceptionNamingTheReason() {
        UnknownService unknown = client.reference(UnknownService.class, proxyPort, r -> {
        });
        RpcException e = assertThrows(RpcException.class, unknown::ping);
        assertTrue(e.getMessage().contains("mosn4j: no route for this request (NoRouteFound)"), e.getMessage());
    }

    @Test
    void anUpstreamThatIsDownIsAnRpcExceptionAtOnce() {
        GreetingService down = client.reference(GreetingService.class, proxyPort, r -> r.setGroup("down"));
        long start = System.nanoTime();
        RpcException e = assertThrows(RpcException.class, () -> down.sayHello("x"));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4000, "took too long");
        assertTrue(e.getMessage().contains("UpstreamConnectionFailure"), e.getMessage());
    }

    @Test
    void theRouteTimeoutIsATimeoutForTheConsumer() {
        GreetingService greeting = client.reference(GreetingService.class, proxyPort, r -> {
        });
        long start = System.nanoTime();
        RpcException e = assertThrows(RpcException.class, () -> greeting.slow("x"));
        assertTrue(e.isTimeout(), e.toString());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4000, "the consumer's own timeout hit");
        assertTrue(e.getMessage().contains("upstream request timeout"), e.getMessage());
        assertEquals("main: hello after", greeting.sayHello("after"));
    }

    @Test
    void oneWayCallsReachTheProviderAndNothingComesBack() throws Exception {
        GreetingService greeting = client.reference(GreetingService.class, proxyPort,
                r -> r.setMethods(List.of(DubboPeers.oneWay("notify"))));
        greeting.notify("first");
        greeting.notify("second");
        // The provider runs calls on a thread pool, so they may be handled in either order.
        assertEquals(Set.of("first", "second"), Set.of(main.notifications.poll(10, TimeUnit.SECONDS),
                main.notifications.poll(10, TimeUnit.SECONDS)));
        assertEquals("main: hello still", greeting.sayHello("still"));
        assertNull(main.notifications.poll());
    }

    @Test
    void aHeartbeatIsAnsweredByTheProxy() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(DubboFrames.heartbeat(4242));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(0xdabb, in.readUnsignedShort());
            assertEquals(0x22, in.readUnsignedByte());
            assertEquals(DubboStatus.OK, in.readUnsignedByte());
            assertEquals(4242, in.readLong());
            assertEquals(1, in.readInt());
            assertEquals('N', in.readUnsignedByte());

            out.write(DubboFrames.request(7, DubboFrames.invocation(SERVICE, null, "sayHello", "Ljava/lang/String;",
                    new Object[] {"raw"}, java.util.Map.of("path", SERVICE))));
            out.flush();
            assertEquals(0xdabb, in.readUnsignedShort());
            assertEquals(2, in.readUnsignedByte() & 0x1f);
            assertEquals(DubboStatus.OK, in.readUnsignedByte());
            assertEquals(7, in.readLong());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            assertTrue(new String(body, StandardCharsets.UTF_8).contains("main: hello raw"));
        }
    }

    @Test
    void callsAreCountedAndLoggedWithTheirStatus() throws Exception {
        GreetingService greeting = client.reference(GreetingService.class, proxyPort, r -> {
        });
        UnknownService unknown = client.reference(UnknownService.class, proxyPort, r -> {
        });
        assertEquals("main: hello log", greeting.sayHello("log"));
        assertThrows(RpcException.class, unknown::ping);
        String unrouted = "dubbo 404 " + UnknownService.class.getName() + " ping true";
        List<String> lines = awaitAccessLog(unrouted);
        assertTrue(lines.contains(unrouted), () -> "access log ends with " + lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        assertTrue(lines.contains("dubbo 200 " + SERVICE + " sayHello false"));
        JsonNode stats = JSON.readTree(mosn.admin("/api/v1/stats?key=downstream.listener.dubbo").body())
                .path("downstream").path("listener.dubbo");
        assertTrue(stats.path("request_404_total").asLong() >= 1, stats.toString());
    }

    /** @return the access log's lines once one equals {@code line} (a stream is logged just after it ends) */
    private List<String> awaitAccessLog(String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(accessLog) ? Files.readAllLines(accessLog, StandardCharsets.UTF_8) : List.of();
            if (lines.contains(line)) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return lines;
    }
}
