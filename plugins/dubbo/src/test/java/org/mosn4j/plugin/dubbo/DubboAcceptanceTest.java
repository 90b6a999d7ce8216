package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.dubbo.remoting.RemotingException;
import org.apache.dubbo.remoting.TimeoutException;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * The calls a Dubbo application makes, through the proxy: asynchronous calls, a thousand calls at once on the
 * consumer's one connection, 1 MiB arguments and results, application exceptions, routing by version and group
 * to two providers, and a provider killed with calls in flight.
 *
 * <p>Two provider applications, {@code alpha} and {@code beta}, each export {@link ProbeService} on one port
 * in four variants (versions 1.0.0 and 2.0.0, groups east and west) plus the plain one, each variant naming
 * itself in its answers; a call routed to the wrong provider would still be answered, by the wrong name. A third
 * provider runs in a JVM of its own ({@link ProviderProcess}) to be killed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DubboAcceptanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = ProbeService.class.getName();
    private static final int MIB = 1024 * 1024;

    private final Probe alpha = new Probe("alpha");
    private final Probe beta = new Probe("beta");
    private DubboPeers.Provider alphaProvider;
    private DubboPeers.Provider betaProvider;
    private ProviderProcess doomed;
    private RunningMosn mosn;
    private DubboPeers.Client client;
    private int probePort;
    private int bulkPort;

    private static String config(int alphaPort, int betaPort, int doomedPort) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "processor": 2,
                    "routers": [
                      {"router_config_name": "probe", "virtual_hosts": [{"name": "all", "domains": ["*"], "routers": [
                        {"match": {"headers": [{"name": "group", "value": "doomed"}]}, "route": {"cluster_name": "doomed"}},
                        {"match": {"headers": [{"name": "version", "value": "1.0.0"}]}, "route": {"cluster_name": "alpha"}},
                        {"match": {"headers": [{"name": "version", "value": "2.0.0"}]}, "route": {"cluster_name": "beta"}},
                        {"match": {"headers": [{"name": "group", "value": "east"}]}, "route": {"cluster_name": "alpha"}},
                        {"match": {"headers": [{"name": "group", "value": "west"}]}, "route": {"cluster_name": "beta"}},
                        {"match": {"headers": [{"name": "service", "value": "%s"}]}, "route": {"cluster_name": "alpha"}}
                      ]}]},
                      {"router_config_name": "bulk", "virtual_hosts": [{"name": "all", "domains": ["*"], "routers": [
                        {"match": {"headers": [{"name": "service", "value": ".*", "regex": true}]},
                         "route": {"cluster_name": "bulk"}}
                      ]}]}
                    ],
                    "listeners": [
                      {"name": "probe", "address": "127.0.0.1:0", "bind_port": true,
                       "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "dubbo",
                          "router_config_name": "probe"}}]}]},
                      {"name": "bulk", "address": "127.0.0.1:0", "bind_port": true,
                       "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "dubbo",
                          "router_config_name": "bulk"}}]}]}
                    ]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "alpha", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "beta", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "doomed", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "bulk", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(SERVICE, alphaPort, betaPort, doomedPort, alphaPort);
    }

    /** Exports the plain service and the four variants, each answering as {@code name} and its variant. */
    private static DubboPeers.Provider provider(String name, Probe plain, int port) {
        DubboPeers.Provider provider = new DubboPeers.Provider("mosn4j-" + name).shutdownWait(Duration.ofMillis(300));
        provider.exportOn(port, ProbeService.class, plain, s -> {
        });
        provider.exportOn(port, ProbeService.class, new Probe(name + " v1"), s -> s.setVersion("1.0.0"));
        provider.exportOn(port, ProbeService.class, new Probe(name + " v2"), s -> s.setVersion("2.0.0"));
        provider.exportOn(port, ProbeService.class, new Probe(name + " east"), s -> s.setGroup("east"));
        provider.exportOn(port, ProbeService.class, new Probe(name + " west"), s -> s.setGroup("west"));
        return provider.start();
    }

    @BeforeAll
    void start() throws Exception {
        int doomedPort = DubboPeers.freePort();
        doomed = ProviderProcess.start("doomed", doomedPort, "doomed");
        int alphaPort = DubboPeers.freePort();
        int betaPort = DubboPeers.freePort();
        alphaProvider = provider("alpha", alpha, alphaPort);
        betaProvider = provider("beta", beta, betaPort);
        mosn = RunningMosn.start(config(alphaPort, betaPort, doomedPort));
        probePort = mosn.listener("probe").getPort();
        bulkPort = mosn.listener("bulk").getPort();
        client = new DubboPeers.Client("mosn4j-acceptance-consumer");
        doomed.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (mosn != null) {
            mosn.close();
        }
        if (doomed != null) {
            doomed.close();
        }
        if (betaProvider != null) {
            betaProvider.close();
        }
        if (alphaProvider != null) {
            alphaProvider.close();
        }
    }

    @Test
    void asynchronousCallsOfEveryKindAreAnswered() throws Exception {
        ProbeService probe = client.reference(ProbeService.class, probePort, r -> {
        });
        CompletableFuture<String> asyncMethod = probe.helloAsync("future");
        CompletableFuture<String> asyncCall = RpcContext.getServiceContext().asyncCall(() -> probe.hello("context"));
        CompletableFuture<String> providerAsync = RpcContext.getServiceContext()
                .asyncCall(() -> probe.helloLater("provider"));
        assertEquals("alpha: hello future", asyncMethod.get(10, TimeUnit.SECONDS));
        assertEquals("alpha: hello context", asyncCall.get(10, TimeUnit.SECONDS));
        assertEquals("alpha: hello provider", providerAsync.get(10, TimeUnit.SECONDS));
        assertEquals("alpha: hello sync", probe.helloLater("sync"));
    }

    @Test
    void aThousandConcurrentCallsOnTheConsumersOneConnectionAreAllAnswered() throws Exception {
        int calls = 1000;
        alpha.expectGather(calls);
        ProbeService probe = client.reference(ProbeService.class, bulkPort, r -> r.setTimeout(30_000));
        List<CompletableFuture<Integer>> results = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            results.add(probe.gather(i));
        }
        // The provider answers none before all have reached it, so all were in flight at once, and it answers
        // the last first: each answer finds its call by the request id alone.
        for (int i = 0; i < calls; i++) {
            assertEquals(i, results.get(i).get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, alpha.gatherCallers.size(), () -> "upstream connections: " + alpha.gatherCallers);

        JsonNode listener = awaitStats("downstream", "listener.bulk",
                s -> s.path("request_total").asLong() == calls && s.path("request_active").asLong() == 0);
        assertEquals(1, listener.path("connection_total").asLong(), listener::toString);
        assertEquals(calls, listener.path("request_200_total").asLong(), listener::toString);
        assertEquals(0, listener.path("request_failed").asLong(), listener::toString);
        JsonNode cluster = awaitStats("upstream", "cluster.bulk",
                s -> s.path("request_total").asLong() == calls && s.path("request_active").asLong() == 0);
        assertEquals(calls, cluster.path("response_success").asLong(), cluster::toString);
        assertEquals(1, cluster.path("connection_total").asLong(), cluster::toString);
    }

    @Test
    void aMebibyteArgumentAndResultPassByteForByte() {
        ProbeService probe = client.reference(ProbeService.class, probePort, r -> {
        });
        byte[] argument = Probe.bytes(MIB, 17);
        assertEquals(Probe.digest(argument), probe.sha256(argument));
        byte[] result = probe.blob(MIB, 42);
        assertEquals(MIB, result.length);
        assertArrayEquals(Probe.bytes(MIB, 42), result);
        assertEquals("alpha: hello small", probe.hello("small"));
    }

    @Test
    void providerExceptionsReachTheConsumerAsThemselves() {
        ProbeService probe = client.reference(ProbeService.class, probePort, r -> {
        });
        ProbeRefusedException refused = assertThrows(ProbeRefusedException.class, () -> probe.refuse("not today"));
        assertEquals("alpha refuses: not today", refused.getMessage());
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> probe.fail("on purpose"));
        assertEquals(IllegalStateException.class, failed.getClass());
        assertEquals("alpha failed: on purpose", failed.getMessage());
        assertEquals("alpha: hello again", probe.hello("again"));
    }

    @Test
    void versionAndGroupRouteToTwoProviders() {
        ProbeService v1 = client.reference(ProbeService.class, probePort, r -> r.setVersion("1.0.0"));
        ProbeService v2 = client.reference(ProbeService.class, probePort, r -> r.setVersion("2.0.0"));
        ProbeService east = client.reference(ProbeService.class, probePort, r -> r.setGroup("east"));
        ProbeService west = client.reference(ProbeService.class, probePort, r -> r.setGroup("west"));
        for (int i = 0; i < 3; i++) {
            assertEquals("alpha v1: hello " + i, v1.hello(Integer.toString(i)));
            assertEquals("beta v2: hello " + i, v2.hello(Integer.toString(i)));
            assertEquals("alpha east: hello " + i, east.hello(Integer.toString(i)));
            assertEquals("beta west: hello " + i, west.hello(Integer.toString(i)));
        }
    }

    @Test
    void aProviderKilledMidFlightFailsItsCallsPromptlyAndTheProxyCarriesOn() throws Exception {
        int inFlight = 20;
        long consumerTimeoutMillis = 10_000;
        ProbeService victim = client.reference(ProbeService.class, probePort, r -> {
            r.setGroup("doomed");
            r.setTimeout((int) consumerTimeoutMillis);
        });
        ProbeService survivor = client.reference(ProbeService.class, probePort, r -> r.setVersion("2.0.0"));
        assertEquals("doomed: hello first", victim.hello("first"));
        assertEquals("beta v2: hello first", survivor.hello("first"));
        long consumerConnections = stats("downstream", "listener.probe").path("connection_total").asLong();

        List<CompletableFuture<String>> held = new ArrayList<>(inFlight);
        List<CompletableFuture<Long>> failedAt = new ArrayList<>(inFlight);
        for (int i = 0; i < inFlight; i++) {
            CompletableFuture<String> call = victim.hold("call-" + i);
            held.add(call);
            failedAt.add(call.handle((value, error) -> System.nanoTime()));
        }
        assertTrue(doomed.awaitHeld(inFlight, Duration.ofSeconds(20)), "the calls did not all reach the provider");
        long killedAt = System.nanoTime();
        doomed.kill();

        for (int i = 0; i < inFlight; i++) {
            CompletableFuture<String> call = held.get(i);
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
            // An asynchronous call fails with the error response itself, as Dubbo's RemotingException.
            RemotingException error = assertInstanceOf(RemotingException.class, e.getCause());
            assertFalse(error instanceof TimeoutException, error::toString);
            assertTrue(error.getMessage().contains("mosn4j: upstream reset before response (UpstreamRemoteReset)"),
                    error.getMessage());
            long millis = TimeUnit.NANOSECONDS.toMillis(failedAt.get(i).get() - killedAt);
            assertTrue(millis < 2000, "call " + i + " failed " + millis + " ms after the kill, the consumer's timeout is "
                    + consumerTimeoutMillis + " ms");
        }
        assertTrue(doomed.awaitExit(Duration.ofSeconds(10)), "the provider process did not exit");

        long start = System.nanoTime();
        RpcException down = assertThrows(RpcException.class, () -> victim.hello("again"));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000, "took too long");
        assertTrue(down.getMessage().contains("UpstreamConnectionFailure"), down.getMessage());
        assertEquals("beta v2: hello after", survivor.hello("after"));
        assertEquals("alpha: hello after", client.reference(ProbeService.class, probePort, r -> {
        }).hello("after"));
        assertEquals(consumerConnections, stats("downstream", "listener.probe").path("connection_total").asLong(),
                "the consumer had to connect again");
    }

    private JsonNode stats(String type, String namespace) throws Exception {
        return JSON.readTree(mosn.admin("/api/v1/stats?key=" + type + "." + namespace).body()).path(type).path(namespace);
    }

    /**
     * @return the stats of a namespace once {@code until} holds (a stream is counted just after its response is
     *         written); fails if it does not within 10 seconds
     */
    private JsonNode awaitStats(String type, String namespace, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode stats = stats(type, namespace);
        while (!until.test(stats) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            stats = stats(type, namespace);
        }
        assertTrue(until.test(stats), type + "." + namespace + ": " + stats);
        return stats;
    }
}
