package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mosn4j.kernel.router.RouterTesting.oneHost;
import static org.mosn4j.kernel.router.RouterTesting.request;
import static org.mosn4j.spi.upstream.LoadBalancerContext.NO_HASH_KEY;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.HeaderMap;

/** A route's hash_policy gives stable hash keys; its metadata_match is what subsets are chosen by. */
class BalancingPolicyTest {

    private static final String ROUTE0 = "servers[0].routers[0].virtual_hosts[0].routers[0].route";
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);
    private static final InetSocketAddress SAME_CLIENT_OTHER_PORT = new InetSocketAddress("192.0.2.7", 40001);
    private static final InetSocketAddress OTHER_CLIENT = new InetSocketAddress("192.0.2.8", 40000);

    private static RouteEntry route(String action) throws Exception {
        return RouterTesting.table(oneHost("{\"route\": " + action + "}")).match(request("h", "/"), null);
    }

    private static RouteEntry hashing(String policies) throws Exception {
        return route("{\"cluster_name\": \"c\", \"hash_policy\": [" + policies + "]}");
    }

    private static List<String> problems(String action) throws Exception {
        return RouterTesting.problems(oneHost("{\"route\": " + action + "}")).stream()
                .map(ConfigException::getMessage).toList();
    }

    @Test
    void headerGivesTheSameKeyForTheSameValue() throws Exception {
        RouteEntry route = hashing("{\"header\": {\"key\": \"x-user\"}}");
        long alice = route.hashKey(request("h", "/", "X-User", "alice"), CLIENT);
        assertNotEquals(NO_HASH_KEY, alice);
        assertEquals(alice, route.hashKey(request("h", "/other", "x-user", "alice"), OTHER_CLIENT));
        assertEquals(alice, hashing("{\"header\": {\"key\": \"x-user\"}}").hashKey(request("h", "/", "x-user", "alice"),
                null), "a route built again agrees");
        assertNotEquals(alice, route.hashKey(request("h", "/", "x-user", "bob"), CLIENT));
        assertEquals(NO_HASH_KEY, route.hashKey(request("h", "/"), CLIENT));
    }

    @Test
    void cookieIsFoundAmongOthersAndInLaterCookieHeaders() throws Exception {
        RouteEntry route = hashing("{\"cookie\": {\"name\": \"sid\", \"path\": \"/\", \"ttl\": \"0s\"}}");
        long key = route.hashKey(request("h", "/", "cookie", "sid=abc123"), CLIENT);
        assertNotEquals(NO_HASH_KEY, key);
        assertEquals(key, route.hashKey(request("h", "/", "cookie", "theme=dark; sid=abc123 ; lang=en"), CLIENT));
        assertEquals(key, route.hashKey(request("h", "/", "cookie", "theme=dark", "cookie", "sid=abc123"), CLIENT));
        assertNotEquals(key, route.hashKey(request("h", "/", "cookie", "sid=abc124"), CLIENT));
        assertEquals(NO_HASH_KEY, route.hashKey(request("h", "/", "cookie", "xsid=abc123; sidx=1"), CLIENT),
                "only a cookie of exactly that name counts");
        assertEquals(NO_HASH_KEY, route.hashKey(request("h", "/"), CLIENT), "an absent cookie is not generated");
    }

    @Test
    void sourceIpGivesOneKeyPerClientAddress() throws Exception {
        RouteEntry route = hashing("{\"source_ip\": {}}");
        long key = route.hashKey(request("h", "/"), CLIENT);
        assertNotEquals(NO_HASH_KEY, key);
        assertEquals(key, route.hashKey(request("h", "/", "x-user", "alice"), SAME_CLIENT_OTHER_PORT));
        assertNotEquals(key, route.hashKey(request("h", "/"), OTHER_CLIENT));
        assertEquals(NO_HASH_KEY, route.hashKey(request("h", "/"), null));
    }

    @Test
    void theFirstPolicyThatYieldsAValueGivesTheKey() throws Exception {
        RouteEntry route = hashing("{\"header\": {\"key\": \"x-user\"}}, {\"source_ip\": {}}");
        RouteEntry byHeader = hashing("{\"header\": {\"key\": \"x-user\"}}");
        RouteEntry bySource = hashing("{\"source_ip\": {}}");
        HeaderMap withUser = request("h", "/", "x-user", "alice");
        assertEquals(byHeader.hashKey(withUser, CLIENT), route.hashKey(withUser, CLIENT));
        assertEquals(bySource.hashKey(request("h", "/"), CLIENT), route.hashKey(request("h", "/"), CLIENT));
    }

    @Test
    void routesWithoutHashPolicyHaveNoKey() throws Exception {
        assertEquals(NO_HASH_KEY, route("{\"cluster_name\": \"c\"}").hashKey(request("h", "/", "x-user", "a"), CLIENT));
    }

    @Test
    void metadataMatchComesFromTheRouteOrTheWeightedCluster() throws Exception {
        RouteEntry route = route("""
                {"metadata_match": {"filter_metadata": {"mosn.lb": {"version": "v1", "replicas": 3}}},
                 "weighted_clusters": [
                   {"cluster": {"name": "stable", "weight": 90}},
                   {"cluster": {"name": "canary", "weight": 10,
                                "metadata_match": {"filter_metadata": {"mosn.lb": {"version": "v2"}}}}}]}
                """);
        assertEquals(Map.of("version", "v1", "replicas", "3"), route.metadataMatch("stable"));
        assertEquals(Map.of("version", "v2"), route.metadataMatch("canary"));
        assertEquals(Map.of(), route("{\"cluster_name\": \"c\"}").metadataMatch("c"));
    }

    @Test
    void hashPolicyEntryOfNoKnownKind() throws Exception {
        assertEquals(List.of(ROUTE0 + ".hash_policy[1]: unknown hash policy \"query_parameter\" (supported: header, "
                + "cookie, source_ip)"), problems("""
                {"cluster_name": "c", "hash_policy": [{"source_ip": {}}, {"query_parameter": {"name": "u"}}]}"""));
        assertEquals(List.of(ROUTE0 + ".hash_policy[0]: expected one of header, cookie or source_ip, got none"),
                problems("{\"cluster_name\": \"c\", \"hash_policy\": [{}]}"));
        assertEquals(List.of(ROUTE0 + ".hash_policy[0]: expected one of header, cookie or source_ip per entry, got "
                + "header and cookie; write one entry for each"), problems("""
                {"cluster_name": "c", "hash_policy": [{"header": {"key": "a"}, "cookie": {"name": "b"}}]}"""));
        assertEquals(List.of(ROUTE0 + ".hash_policy[0]: expected an object such as {\"header\": {\"key\": "
                + "\"x-user\"}}, got \"x-user\""), problems("{\"cluster_name\": \"c\", \"hash_policy\": [\"x-user\"]}"));
    }

    @Test
    void hashPolicyEntriesMissingTheirName() throws Exception {
        assertEquals(List.of(ROUTE0 + ".hash_policy[0].header.key: expected a header name, got nothing",
                ROUTE0 + ".hash_policy[1].cookie.name: expected a cookie name, got nothing"), problems("""
                {"cluster_name": "c", "hash_policy": [{"header": {"name": "x"}}, {"cookie": {}}]}"""));
        assertEquals(List.of(ROUTE0 + ".hash_policy[0].cookie.ttl: invalid duration \"soon\" (expected a Go "
                + "duration such as \"30s\", \"500ms\" or \"1m30s\")"),
                problems("{\"cluster_name\": \"c\", \"hash_policy\": [{\"cookie\": {\"name\": \"s\", \"ttl\": \"soon\"}}]}"));
    }

    @Test
    void metadataMatchErrors() throws Exception {
        assertEquals(List.of(ROUTE0 + ".metadata_match.filter_metadata: expected {\"filter_metadata\": {\"mosn.lb\": "
                + "{\"key\": \"value\"}}}, got nothing"), problems("""
                {"cluster_name": "c", "metadata_match": {"version": "v2"}}"""));
        assertEquals(List.of(ROUTE0 + ".metadata_match.filter_metadata[\"envoy.lb\"]: metadata namespace \"envoy.lb\" "
                + "is not read by the load balancer (supported: mosn.lb)"), problems("""
                {"cluster_name": "c", "metadata_match": {"filter_metadata": {"envoy.lb": {"version": "v2"}}}}"""));
        assertEquals(List.of(ROUTE0 + ".weighted_clusters[0].cluster.metadata_match.filter_metadata[\"mosn.lb\"]"
                + ".version: expected a string, got [\"v2\"]"), problems("""
                {"weighted_clusters": [{"cluster": {"name": "c", "weight": 1,
                  "metadata_match": {"filter_metadata": {"mosn.lb": {"version": ["v2"]}}}}}]}"""));
    }

    @Test
    void aWeightedClusterListedTwiceWithDifferentSubsets() throws Exception {
        assertEquals(List.of(ROUTE0 + ".weighted_clusters[1].cluster: cluster \"c\" is listed again with a different "
                + "metadata_match; a cluster's subset is looked up by its name, as in MOSN, so list each cluster once"),
                problems("""
                {"weighted_clusters": [
                  {"cluster": {"name": "c", "weight": 9, "metadata_match": {"filter_metadata": {"mosn.lb": {"v": "1"}}}}},
                  {"cluster": {"name": "c", "weight": 1, "metadata_match": {"filter_metadata": {"mosn.lb": {"v": "2"}}}}}]}
                """));
    }
}
