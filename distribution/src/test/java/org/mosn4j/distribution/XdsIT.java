package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.xds.ControlPlane;
import org.mosn4j.kernel.xds.XdsTestResources;

/**
 * The unpacked distribution following a real xDS control plane (java-control-plane in this JVM): a listener, a
 * route config, a cluster and its endpoints pushed over ADS start serving; new endpoints take the traffic under
 * load with no failed request; an invalid resource is NACKed while the old config keeps serving; a control plane
 * restarted mid-run is reconnected to and followed again.
 */
@Timeout(240)
class XdsIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;

    @TempDir
    Path dir;

    private static String config(int controlPlanePort) {
        return """
                {
                  "servers": [{"default_log_path": "stdout", "graceful_timeout": "5s", "listeners": []}],
                  "node": {"id": "mosn4j-it", "cluster": "mosn4j"},
                  "dynamic_resources": {
                    "ads_config": {"api_type": "GRPC", "transport_api_version": "V3",
                                   "grpc_services": [{"envoy_grpc": {"cluster_name": "xds-grpc"}}]},
                    "lds_config": {"ads": {}, "resource_api_version": "V3"},
                    "cds_config": {"ads": {}, "resource_api_version": "V3"}
                  },
                  "static_resources": {"clusters": [{"name": "xds-grpc", "type": "STATIC", "connect_timeout": "1s",
                    "load_assignment": {"cluster_name": "xds-grpc", "endpoints": [{"lb_endpoints": [{"endpoint":
                      {"address": {"socket_address": {"address": "127.0.0.1", "port_value": %d}}}}]}]}}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(controlPlanePort);
    }

    private static Snapshot snapshot(String version, int listenerPort, Cluster cluster, String... endpoints) {
        return Snapshot.create(List.of(cluster), List.of(XdsTestResources.endpoints("backends", endpoints)),
                List.of(XdsTestResources.httpListener("ingress", listenerPort, "ingress-routes")),
                List.of(XdsTestResources.routes("ingress-routes", "backends")), List.of(), version);
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the listener answers with {@code body}, which needs the whole snapshot applied. */
    private static void awaitAnswer(int port, String body) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = get(port).body();
                if (last.equals(body)) {
                    return;
                }
            } catch (Exception e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("never answered \"" + body + "\"; last: " + last);
    }

    @Test
    void theProxyFollowsTheControlPlaneThroughUpdatesARefusalAndARestart() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        int listenerPort;
        try (ServerSocket reserve = new ServerSocket(0)) {
            listenerPort = reserve.getLocalPort();
        }
        ControlPlane controlPlane = ControlPlane.start();
        try (ResilienceBackend one = new ResilienceBackend("one");
             ResilienceBackend two = new ResilienceBackend("two");
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("xds.json", config(controlPlane.port())).toString())) {
            controlPlane.setSnapshot(snapshot("1", listenerPort, XdsTestResources.edsCluster("backends"), one.address()));
            mosn.awaitStarted();
            awaitAnswer(listenerPort, "one");

            // New endpoints under load: every request answered.
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> load = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    sent.incrementAndGet();
                    try {
                        HttpResponse<String> response = get(listenerPort);
                        if (response.statusCode() == 200) {
                            answeredBy.computeIfAbsent(response.body(), k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            })).toList();
            int oneBefore;
            try {
                awaitCount(sent, 100);
                controlPlane.setSnapshot(snapshot("2", listenerPort, XdsTestResources.edsCluster("backends"),
                        two.address()));
                controlPlane.awaitAck(Resources.V3.ENDPOINT_TYPE_URL, "2");
                awaitCount(sent, sent.get() + 200);
                oneBefore = one.requests.get();
                awaitCount(sent, sent.get() + 200);
            } finally {
                running.set(false);
                CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            assertEquals(oneBefore, one.requests.get(), "the old endpoint still got requests");
            assertTrue(answeredBy.get("two").get() > 100, answeredBy.toString());
            assertEquals(0, failures.get(), failures.get() + " of " + sent.get() + " requests failed: " + answeredBy);

            // An invalid cluster (a DNS type) is refused; the running config keeps serving.
            int mark = controlPlane.mark();
            Cluster dns = XdsTestResources.edsCluster("backends").toBuilder()
                    .setType(Cluster.DiscoveryType.STRICT_DNS).build();
            controlPlane.setSnapshot(snapshot("3", listenerPort, dns, two.address()));
            assertTrue(controlPlane.awaitNack(CDS, mark).getErrorDetail().getMessage().contains("backends"));
            assertEquals("two", get(listenerPort).body());

            // The control plane goes away: the proxy serves on; it comes back with new endpoints: followed.
            controlPlane.close();
            assertEquals("two", get(listenerPort).body());
            controlPlane = controlPlane.restartOnSamePort();
            controlPlane.setSnapshot(snapshot("4", listenerPort, XdsTestResources.edsCluster("backends"), one.address()));
            awaitAnswer(listenerPort, "one");

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
            System.out.printf("xDS under load: %d requests, %d failed, answered by %s%n", sent.get(), failures.get(),
                    answeredBy);
        } finally {
            controlPlane.close();
        }
    }

    private static void awaitCount(AtomicInteger count, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count.get() < target) {
            assertTrue(System.nanoTime() < deadline, "the load stalled at " + count.get());
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
