package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.xds.XdsClusterTranslatorTest.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.dynamic.ConfigChange;
import org.mosn4j.spi.config.ConfigException;

/** The xDS client against a real control plane (java-control-plane) in the same JVM. */
class XdsClientTest {

    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    private static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;
    private static final List<String> ALL_TYPES = List.of(CDS, EDS, LDS, RDS);

    /** The config file's part: a listener, a cluster and a router xDS must leave alone. */
    private static final String FILE_CONFIG = """
            {"servers": [{
               "listeners": [{"name": "static-listener", "address": "127.0.0.1:2045",
                              "filter_chains": [{"filters": [{"type": "proxy",
                                  "config": {"downstream_protocol": "Http1", "router_config_name": "static-routes"}}]}]}],
               "routers": [{"router_config_name": "static-routes", "virtual_hosts": [{"name": "all", "domains": ["*"],
                              "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "static-backend"}}]}]}]}],
             "cluster_manager": {"clusters": [{"name": "static-backend", "type": "SIMPLE",
                                               "hosts": [{"address": "127.0.0.1:2046"}]}]}}
            """;

    private ControlPlane controlPlane;
    private RecordingConfigUpdater updater;
    private XdsClient client;

    @BeforeEach
    void startControlPlane() throws Exception {
        controlPlane = ControlPlane.start();
        updater = new RecordingConfigUpdater(FILE_CONFIG);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (client != null) {
            client.stop();
        }
        controlPlane.close();
    }

    @Test
    void aWholeSnapshotIsAppliedAsOneChangeAndEveryTypeIsAcked() throws Exception {
        controlPlane.setSnapshot(snapshot("1", "10.0.0.1:8080", "10.0.0.2:8080"));

        startClient(XdsSettings.DEFAULT_INITIAL_FETCH_TIMEOUT);
        awaitAcks("1");

        List<ConfigChange> changes = updater.takeAll();
        assertEquals(1, changes.size(), "changes: " + changes);
        ConfigChange change = changes.get(0);
        assertEquals(Map.of(
                "backend", json("""
                        {"name": "backend", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "1s",
                         "hosts": [{"address": "10.0.0.1:8080"}, {"address": "10.0.0.2:8080"}]}"""),
                "local", json("""
                        {"name": "local", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "250ms",
                         "hosts": [{"address": "127.0.0.1:8081"}]}""")),
                byName(change.clusters(), "name"));
        assertEquals(List.of(json("""
                {"name": "ingress", "address": "0.0.0.0:18080", "bind_port": true,
                 "filter_chains": [{"filters": [{"type": "proxy", "config":
                     {"downstream_protocol": "Auto", "router_config_name": "ingress-routes"}}]}]}""")),
                change.listeners());
        assertEquals(List.of(json("""
                {"router_config_name": "ingress-routes", "virtual_hosts": [{"name": "all", "domains": ["*"],
                  "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend", "timeout": "15s"}}]}]}
                """)), change.routers());
        assertTrue(change.hosts().isEmpty() && change.removedClusters().isEmpty()
                && change.removedListeners().isEmpty() && change.removedRouters().isEmpty(), change.toString());

        DiscoveryRequest first = controlPlane.seen().get(0);
        assertEquals("test-node", first.getNode().getId());
        assertEquals(List.of("backend"), controlPlane.awaitAck(EDS, "1").getResourceNamesList());
        assertEquals(List.of("ingress-routes"), controlPlane.awaitAck(RDS, "1").getResourceNamesList());
        assertEquals(Set.of("mosn4j-xds-client-1"),
                updater.callers().stream().map(Thread::getName).collect(Collectors.toSet()));
        JsonNode effective = updater.effectiveConfig();
        assertEquals(List.of("static-listener", "ingress"), names(effective.at("/servers/0/listeners"), "name"));
    }

    @Test
    void newEndpointsBecomeAHostsChange() throws Exception {
        startWithVersionOne();

        controlPlane.setSnapshot(snapshot("2", "10.0.0.3:8080", "10.0.0.1:8080"));
        awaitAcks("2");

        List<ConfigChange> changes = updater.takeAll();
        assertEquals(1, changes.size(), "changes: " + changes);
        ConfigChange change = changes.get(0);
        assertEquals(Map.of("backend", List.of(json("{\"address\": \"10.0.0.3:8080\"}"),
                json("{\"address\": \"10.0.0.1:8080\"}"))), change.hosts());
        assertTrue(change.clusters().isEmpty() && change.listeners().isEmpty() && change.routers().isEmpty(),
                change.toString());
    }

    @Test
    void aRefusedChangeIsNackedWithTheReasonAndTheNextGoodSnapshotIsAcked() throws Exception {
        startWithVersionOne();
        updater.rejectNext(new ConfigException("hosts.backend[0].address", "refused by the test"));
        int mark = controlPlane.mark();

        controlPlane.setSnapshot(snapshot("2", "10.0.0.3:8080"));

        DiscoveryRequest nack = controlPlane.awaitNack(EDS, mark);
        assertEquals("hosts.backend[0].address: refused by the test", nack.getErrorDetail().getMessage());
        assertEquals("1", nack.getVersionInfo());
        // java-control-plane answers a NACK with the same version again, which is applied this time.
        controlPlane.awaitAck(EDS, "2");
        controlPlane.setSnapshot(snapshot("3", "10.0.0.4:8080"));
        awaitAcks("3");

        List<ConfigChange> changes = updater.takeAll();
        assertEquals(List.of(Map.of("backend", List.of(json("{\"address\": \"10.0.0.3:8080\"}"))),
                Map.of("backend", List.of(json("{\"address\": \"10.0.0.4:8080\"}")))),
                changes.stream().map(ConfigChange::hosts).toList());
    }

    @Test
    void aResourceThatCannotWorkIsNackedAndTheRunningConfigStays() throws Exception {
        startWithVersionOne();
        int mark = controlPlane.mark();
        Snapshot withDns = snapshot("2", List.of(XdsTestResources.staticCluster("dns", "10.0.0.9:53").toBuilder()
                .setType(Cluster.DiscoveryType.STRICT_DNS).build()), "10.0.0.1:8080", "10.0.0.2:8080");

        controlPlane.setSnapshot(withDns);

        DiscoveryRequest nack = controlPlane.awaitNack(CDS, mark);
        assertEquals("cluster \"dns\": type: cluster type STRICT_DNS is not supported (supported: STATIC, EDS)",
                nack.getErrorDetail().getMessage());
        assertEquals("1", nack.getVersionInfo());
        controlPlane.setSnapshot(snapshot("3", "10.0.0.1:8080", "10.0.0.2:8080"));
        awaitAcks("3");
        assertEquals(List.of(), updater.takeAll());
    }

    @Test
    void anXdsResourceNeverReplacesOneOfTheConfigFile() throws Exception {
        controlPlane.setSnapshot(snapshot("1", List.of(XdsTestResources.staticCluster("static-backend",
                "10.0.0.9:80")), "10.0.0.1:8080"));

        startClient(XdsSettings.DEFAULT_INITIAL_FETCH_TIMEOUT);

        DiscoveryRequest nack = controlPlane.awaitNack(CDS, 0);
        assertEquals("cluster \"static-backend\": a cluster of this name is defined in the config file or through "
                + "the admin API, and xDS resources never replace those; rename one of them",
                nack.getErrorDetail().getMessage());
        assertEquals("", nack.getVersionInfo());
    }

    @Test
    void resourcesAbsentFromAResponseAreRemoved() throws Exception {
        startWithVersionOne();

        controlPlane.setSnapshot(Snapshot.create(List.of(XdsTestResources.edsCluster("backend")),
                List.of(XdsTestResources.endpoints("backend", "10.0.0.1:8080", "10.0.0.2:8080")), List.of(), List.of(),
                List.of(), "2"));
        controlPlane.awaitAck(CDS, "2");
        controlPlane.awaitAck(LDS, "2");

        List<ConfigChange> changes = updater.takeAll();
        assertEquals(List.of("local"), changes.stream().flatMap(c -> c.removedClusters().stream()).toList());
        assertEquals(List.of("ingress"), changes.stream().flatMap(c -> c.removedListeners().stream()).toList());
        assertEquals(List.of("ingress-routes"), changes.stream().flatMap(c -> c.removedRouters().stream()).toList());
        JsonNode effective = updater.effectiveConfig();
        assertEquals(List.of("static-listener"), names(effective.at("/servers/0/listeners"), "name"));
        assertEquals(List.of("static-backend", "backend"), names(effective.at("/cluster_manager/clusters"), "name"));
        assertEquals(List.of("static-routes"), names(effective.at("/servers/0/routers"), "router_config_name"));
    }

    @Test
    void theFirstConfigIsAppliedWhenTheInitialFetchTimesOut() throws Exception {
        Snapshot routesMissing = Snapshot.create(List.of(XdsTestResources.edsCluster("backend")),
                List.of(XdsTestResources.endpoints("backend", "10.0.0.1:8080")),
                List.of(XdsTestResources.httpListener("ingress", 18080, "late-routes")), List.of(), List.of(), "1");
        controlPlane.setSnapshot(routesMissing);

        startClient(Duration.ofMillis(200));

        // The listener waits for its routes; what else arrived is applied when the initial fetch times out.
        ConfigChange first = updater.awaitChange();
        assertEquals(List.of("backend"), names(first.clusters(), "name"));
        assertEquals(List.of(), first.listeners());
        controlPlane.awaitAck(EDS, "1");
        controlPlane.setSnapshot(Snapshot.create(List.of(XdsTestResources.edsCluster("backend")),
                List.of(XdsTestResources.endpoints("backend", "10.0.0.1:8080")),
                List.of(XdsTestResources.httpListener("ingress", 18080, "late-routes")),
                List.of(XdsTestResources.routes("late-routes", "backend")), List.of(), "2"));
        controlPlane.awaitAck(RDS, "2");

        List<ConfigChange> later = updater.takeAll();
        assertEquals(List.of("late-routes"), later.stream().flatMap(c -> names(c.routers(), "router_config_name")
                .stream()).toList());
        assertEquals(List.of("ingress"), later.stream().flatMap(c -> names(c.listeners(), "name").stream()).toList());
        // clusters[1] is "backend", after the file's "static-backend".
        assertEquals(List.of("10.0.0.1:8080"), updater.effectiveConfig().at("/cluster_manager/clusters/1/hosts")
                .findValuesAsText("address"));
    }

    @Test
    void aRestartedControlPlaneIsReconnectedToAndSubscribedToWithTheVersionsApplied() throws Exception {
        startWithVersionOne();
        int opened = controlPlane.streamsOpened();
        assertEquals(1, opened);

        controlPlane.close();
        controlPlane = controlPlane.restartOnSamePort();
        controlPlane.setSnapshot(snapshot("2", "10.0.0.5:8080"));

        DiscoveryRequest clusters = controlPlane.await("CDS subscription", r -> r.getTypeUrl().equals(CDS)
                && r.getResponseNonce().isEmpty());
        assertEquals("1", clusters.getVersionInfo());
        assertEquals("test-node", clusters.getNode().getId());
        DiscoveryRequest endpoints = controlPlane.await("EDS subscription", r -> r.getTypeUrl().equals(EDS)
                && r.getResponseNonce().isEmpty());
        assertEquals("1", endpoints.getVersionInfo());
        assertEquals(List.of("backend"), endpoints.getResourceNamesList());
        DiscoveryRequest routes = controlPlane.await("RDS subscription", r -> r.getTypeUrl().equals(RDS)
                && r.getResponseNonce().isEmpty());
        assertEquals(List.of("ingress-routes"), routes.getResourceNamesList());
        awaitAcks("2");
        assertEquals(List.of(Map.of("backend", List.of(json("{\"address\": \"10.0.0.5:8080\"}")))),
                updater.takeAll().stream().map(ConfigChange::hosts).toList());
    }

    @Test
    void stopLeavesNoThreadBehind() throws Exception {
        startWithVersionOne();

        client.stop();
        client.stop();

        List<String> left = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && (thread.getName().startsWith("mosn4j-xds") || thread.getName().startsWith("grpc-"))) {
                left.add(thread.getName());
            }
        }
        assertEquals(List.of(), left);
    }

    private void startWithVersionOne() throws Exception {
        controlPlane.setSnapshot(snapshot("1", "10.0.0.1:8080", "10.0.0.2:8080"));
        startClient(XdsSettings.DEFAULT_INITIAL_FETCH_TIMEOUT);
        awaitAcks("1");
        assertEquals(1, updater.takeAll().size());
    }

    private void startClient(Duration initialFetchTimeout) {
        XdsSettings settings = new XdsSettings(Node.newBuilder().setId("test-node").setCluster("test").build(),
                List.of(new InetSocketAddress("127.0.0.1", controlPlane.port())), Duration.ofSeconds(1), false, true,
                true, initialFetchTimeout, new XdsSettings.Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)));
        client = new XdsClient(settings, updater);
        client.start();
    }

    private void awaitAcks(String version) throws InterruptedException {
        for (String type : ALL_TYPES) {
            controlPlane.awaitAck(type, version);
        }
    }

    private static Snapshot snapshot(String version, String... backendEndpoints) {
        return snapshot(version, List.of(), backendEndpoints);
    }

    /** Clusters "backend" (EDS) and "local" (static), listener "ingress" with RDS "ingress-routes", plus extras. */
    private static Snapshot snapshot(String version, List<Cluster> extraClusters, String... backendEndpoints) {
        List<Cluster> clusters = new ArrayList<>(List.of(XdsTestResources.edsCluster("backend"),
                XdsTestResources.staticCluster("local", "127.0.0.1:8081")));
        clusters.addAll(extraClusters);
        RouteConfiguration routes = XdsTestResources.routes("ingress-routes", "backend");
        return Snapshot.create(clusters, List.of(XdsTestResources.endpoints("backend", backendEndpoints)),
                List.of(XdsTestResources.httpListener("ingress", 18080, "ingress-routes")), List.of(routes), List.of(),
                version);
    }

    private static Map<String, JsonNode> byName(List<JsonNode> entries, String key) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        entries.forEach(entry -> byName.put(entry.get(key).asText(), entry));
        return byName;
    }

    private static List<String> names(Iterable<JsonNode> entries, String key) {
        List<String> names = new ArrayList<>();
        entries.forEach(entry -> names.add(entry.get(key).asText()));
        return names;
    }
}
