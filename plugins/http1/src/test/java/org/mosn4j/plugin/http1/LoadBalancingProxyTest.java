package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * Load balancing through the proxy end to end: a route's {@code metadata_match} keeps requests on the subset of
 * hosts with that metadata, and a route's {@code hash_policy} on a header pins each user to one backend.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadBalancingProxyTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String host(Backend backend, String version) {
        return "{\"address\": \"" + backend.address() + "\", \"metadata\": {\"filter_metadata\": {\"mosn.lb\": "
                + "{\"version\": \"" + version + "\"}}}}";
    }

    private static String get(RunningMosn mosn, String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + mosn.listener("http").getPort() + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("x-user", user);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void metadataMatchReachesOnlyTheSubsetAndHashPolicyPinsUsers() throws Exception {
        try (Backend v1a = new Backend("v1a");
             Backend v1b = new Backend("v1b");
             Backend v2a = new Backend("v2a");
             Backend v2b = new Backend("v2b")) {
            String cluster = "{\"name\": \"c\", \"type\": \"SIMPLE\", \"lb_type\": \"LB_MAGLEV\", "
                    + "\"lb_subset_config\": {\"fall_back_policy\": 0, \"subset_selectors\": [[\"version\"]]}, "
                    + "\"hosts\": [" + String.join(", ", host(v1a, "v1"), host(v1b, "v1"), host(v2a, "v2"),
                            host(v2b, "v2")) + "]}";
            String routes = String.join(", ",
                    "{\"match\": {\"prefix\": \"/canary\"}, \"route\": {\"cluster_name\": \"c\", "
                            + "\"metadata_match\": {\"filter_metadata\": {\"mosn.lb\": {\"version\": \"v2\"}}}}}",
                    "{\"match\": {\"prefix\": \"/sticky\"}, \"route\": {\"cluster_name\": \"c\", "
                            + "\"hash_policy\": [{\"header\": {\"key\": \"x-user\"}}]}}");
            try (RunningMosn mosn = RunningMosn.start(HttpProxyTest.config(routes, cluster, ""))) {
                Set<String> canaryAnswers = new HashSet<>();
                for (int i = 0; i < 40; i++) {
                    canaryAnswers.add(get(mosn, "/canary", null));
                }
                assertEquals(Set.of("hello from v2a", "hello from v2b"), canaryAnswers);
                assertEquals(0, v1a.requests() + v1b.requests(), "no request reached a v1 host");

                Map<String, String> backendOf = new HashMap<>();
                for (int round = 0; round < 5; round++) {
                    for (int u = 0; u < 20; u++) {
                        String user = "user-" + u;
                        String answer = get(mosn, "/sticky", user);
                        String first = backendOf.putIfAbsent(user, answer);
                        assertTrue(first == null || first.equals(answer), user + " moved from " + first + " to " + answer);
                    }
                }
                assertTrue(new HashSet<>(backendOf.values()).size() >= 3,
                        "20 users spread over the four backends: " + backendOf);
                assertTrue(List.of(v1a, v1b).stream().mapToInt(Backend::requests).sum() > 0,
                        "a route without metadata_match balances over the whole cluster");
            }
        }
    }
}
