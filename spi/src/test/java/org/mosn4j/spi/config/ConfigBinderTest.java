package org.mosn4j.spi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {

    /** A cluster manager block shaped like MOSN's, small enough to spell out in each test. */
    public record Manager(List<Cluster> clusters) {
    }

    public record Cluster(String name, String lbType, Integer maxRequestPerConn, Duration connectTimeout,
            Boolean tlsDisable, List<Host> hosts) {
    }

    public record Host(String address, Integer weight) {
    }

    private static final ConfigBinder BINDER = ConfigBinder.INSTANCE;

    private static JsonNode json(String text) throws Exception {
        return BINDER.mapper().readTree(text);
    }

    private static Cluster cluster(String text) throws Exception {
        return BINDER.bind(json(text), Cluster.class, "cluster");
    }

    private static ConfigException bindFails(String text, Class<?> type, String path) throws Exception {
        JsonNode node = json(text);
        return assertThrows(ConfigException.class, () -> BINDER.bind(node, type, path));
    }

    @Test
    void lowerCaseKeyBinds() throws Exception {
        assertEquals("backend", cluster("{\"name\": \"backend\"}").name());
    }

    @Test
    void capitalisedKeyBindsAsGoDoes() throws Exception {
        assertEquals("backend", cluster("{\"Name\": \"backend\"}").name());
        assertEquals("backend", cluster("{\"NAME\": \"backend\"}").name());
    }

    @Test
    void snakeCaseKeysBindToCamelCaseComponents() throws Exception {
        Cluster c = cluster("{\"lb_type\": \"LB_RANDOM\", \"max_request_per_conn\": 1024, \"tls_disable\": true}");
        assertEquals("LB_RANDOM", c.lbType());
        assertEquals(1024, c.maxRequestPerConn());
        assertEquals(true, c.tlsDisable());
    }

    @Test
    void snakeCaseKeysMatchInAnyCase() throws Exception {
        assertEquals(7, cluster("{\"Max_Request_Per_Conn\": 7}").maxRequestPerConn());
    }

    @Test
    void durationBindsFromGoString() throws Exception {
        assertEquals(Duration.ofSeconds(30), cluster("{\"connect_timeout\": \"30s\"}").connectTimeout());
        assertEquals(Duration.ofSeconds(90), cluster("{\"connect_timeout\": \"1m30s\"}").connectTimeout());
    }

    @Test
    void durationBindsFromIntegerNanoseconds() throws Exception {
        assertEquals(Duration.ofMillis(1500), cluster("{\"connect_timeout\": 1500000000}").connectTimeout());
        assertEquals(Duration.ZERO, cluster("{\"connect_timeout\": 0}").connectTimeout());
    }

    @Test
    void unknownKeysAreIgnored() throws Exception {
        Cluster c = cluster("""
                {"name": "backend", "cluster_pool_enable": true,
                 "slow_start": {"mode": "duration", "aggression": [1, 2, {"deep": null}]},
                 "future_key": "x", "hosts": [{"address": "127.0.0.1:80", "metadata": {"zone": "a"}}]}
                """);
        assertEquals("backend", c.name());
        assertEquals(List.of(new Host("127.0.0.1:80", null)), c.hosts());
    }

    @Test
    void absentKeysBindAsNull() throws Exception {
        Cluster c = cluster("{}");
        assertNull(c.name());
        assertNull(c.maxRequestPerConn());
        assertNull(c.connectTimeout());
    }

    @Test
    void missingOrNullNodeBindsAsEmptyObject() throws Exception {
        assertEquals(new Cluster(null, null, null, null, null, null), BINDER.bind(null, Cluster.class, "x"));
        assertEquals(new Cluster(null, null, null, null, null, null), BINDER.bind(json("null"), Cluster.class, "x"));
    }

    @Test
    void nestedListsBind() throws Exception {
        Manager m = BINDER.bind(json("""
                {"clusters": [
                  {"name": "a", "hosts": [{"address": "127.0.0.1:1", "weight": 3}]},
                  {"Name": "b", "hosts": []}]}
                """), Manager.class, "cluster_manager");
        assertEquals(2, m.clusters().size());
        assertEquals("b", m.clusters().get(1).name());
        assertEquals(new Host("127.0.0.1:1", 3), m.clusters().get(0).hosts().get(0));
    }

    @Test
    void stringWhereIntegerExpectedNamesFullPathAndBothTypes() throws Exception {
        ConfigException e = bindFails("""
                {"clusters": [
                  {"name": "a", "max_request_per_conn": 1024},
                  {"name": "b", "max_request_per_conn": "1024"}]}
                """, Manager.class, "cluster_manager");
        assertEquals("cluster_manager.clusters[1].max_request_per_conn", e.path());
        assertEquals("expected an integer, got string \"1024\"", e.problem());
        assertEquals("cluster_manager.clusters[1].max_request_per_conn: expected an integer, got string \"1024\"",
                e.getMessage());
    }

    @Test
    void errorPathKeepsTheKeyAsTheUserSpelledIt() throws Exception {
        ConfigException e = bindFails("{\"clusters\": [{\"Max_Request_Per_Conn\": true}]}", Manager.class,
                "cluster_manager");
        assertEquals("cluster_manager.clusters[0].Max_Request_Per_Conn", e.path());
        assertEquals("expected an integer, got true", e.problem());
    }

    @Test
    void errorDeepInNestedListsNamesEveryIndex() throws Exception {
        ConfigException e = bindFails("""
                {"clusters": [{"name": "a"}, {"name": "b"},
                  {"name": "c", "hosts": [{"address": "127.0.0.1:1"}, {"address": "127.0.0.1:2", "weight": "heavy"}]}]}
                """, Manager.class, "cluster_manager");
        assertEquals("cluster_manager.clusters[2].hosts[1].weight", e.path());
        assertEquals("expected an integer, got string \"heavy\"", e.problem());
    }

    @Test
    void fractionWhereIntegerExpectedIsRejected() throws Exception {
        ConfigException e = bindFails("{\"max_request_per_conn\": 1.5}", Cluster.class, "c");
        assertEquals("c.max_request_per_conn", e.path());
        assertEquals("expected an integer, got number 1.5", e.problem());
    }

    @Test
    void objectWhereListExpectedIsRejected() throws Exception {
        ConfigException e = bindFails("{\"clusters\": {\"name\": \"a\"}}", Manager.class, "cluster_manager");
        assertEquals("cluster_manager.clusters", e.path());
        assertEquals("expected a list, got object {\"name\":\"a\"}", e.problem());
    }

    @Test
    void emptyBasePathGivesPathFromTheRoot() throws Exception {
        ConfigException e = bindFails("{\"clusters\": [{\"max_request_per_conn\": \"x\"}]}", Manager.class, "");
        assertEquals("clusters[0].max_request_per_conn", e.path());
        assertEquals("clusters[0].max_request_per_conn: expected an integer, got string \"x\"", e.getMessage());
    }

    @Test
    void badDurationStringNamesPathAndProblem() throws Exception {
        ConfigException e = bindFails("{\"clusters\": [{\"name\": \"a\", \"connect_timeout\": \"10x\"}]}",
                Manager.class, "cluster_manager");
        assertEquals("cluster_manager.clusters[0].connect_timeout", e.path());
        assertEquals("unknown unit \"x\" in duration \"10x\" (use ns, us, ms, s, m or h)", e.problem());
    }

    @Test
    void durationWithoutUnitNamesPathAndProblem() throws Exception {
        ConfigException e = bindFails("{\"connect_timeout\": \"30\"}", Cluster.class, "cluster");
        assertEquals("cluster.connect_timeout", e.path());
        assertEquals("missing unit in duration \"30\" (use ns, us, ms, s, m or h, as in \"30s\")", e.problem());
    }

    @Test
    void durationOfWrongJsonTypeIsRejected() throws Exception {
        ConfigException e = bindFails("{\"connect_timeout\": true}", Cluster.class, "cluster");
        assertEquals("cluster.connect_timeout", e.path());
        assertEquals("expected a duration such as \"30s\", got true", e.problem());
    }

    @Test
    void joinBuildsKeysAndIndexes() {
        assertEquals("a", ConfigException.join("", "a"));
        assertEquals("a.b", ConfigException.join("a", "b"));
        assertEquals("a[3]", ConfigException.join("a", "[3]"));
        assertEquals("[0]", ConfigException.join("", "[0]"));
    }

    @Test
    void rootErrorMessageHasNoPathPrefix() {
        ConfigException e = new ConfigException("", "not JSON");
        assertEquals("", e.path());
        assertEquals("not JSON", e.getMessage());
    }

    @Test
    void orEmptyDropsNullsAndReplacesNull() {
        assertEquals(List.of(), ConfigBinder.orEmpty(null));
        assertEquals(List.of("a", "b"), ConfigBinder.orEmpty(java.util.Arrays.asList("a", null, "b")));
    }

    @Test
    void numberWhereStringExpectedIsRejected() throws Exception {
        ConfigException e = bindFails("{\"name\": 42}", Cluster.class, "cluster");
        assertEquals("cluster.name", e.path());
        assertEquals("expected a string, got number 42", e.problem());
    }

    @Test
    void booleanWhereStringExpectedIsRejected() throws Exception {
        ConfigException e = bindFails("{\"lb_type\": true}", Cluster.class, "cluster");
        assertEquals("cluster.lb_type", e.path());
        assertEquals("expected a string, got true", e.problem());
    }

    @Test
    void stringWhereBooleanExpectedIsRejected() throws Exception {
        ConfigException e = bindFails("{\"tls_disable\": \"true\"}", Cluster.class, "cluster");
        assertEquals("cluster.tls_disable", e.path());
        assertEquals("expected true or false, got string \"true\"", e.problem());
    }

    @Test
    void objectWhereStringExpectedIsRejected() throws Exception {
        ConfigException e = bindFails("{\"name\": {\"first\": \"a\"}}", Cluster.class, "cluster");
        assertEquals("cluster.name", e.path());
        assertEquals("expected a string, got object {\"first\":\"a\"}", e.problem());
    }
}
