package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.RunningMosn;

/** Stream filters from a listener's stream_filters, by phase, with per-route config, direct replies and resume. */
class StreamFilterProxyTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static String config(String backend) {
        return """
                {
                  "servers": [{
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "per_filter_config": {"tagging": {"tag": "from-vhost"}},
                       "routers": [
                         {"match": {"prefix": "/special/"}, "route": {"cluster_name": "c", "prefix_rewrite": "/"},
                          "per_filter_config": {"tagging": {"tag": "from-route"}}},
                         {"match": {"prefix": "/"}, "route": {"cluster_name": "c"}}
                       ]}]}],
                    "listeners": [{
                      "name": "http", "address": "127.0.0.1:0",
                      "stream_filters": [{"type": "tagging", "config": {"tag": "listener-tag"}}],
                      "filter_chains": [{"filters": [{"type": "proxy",
                         "config": {"downstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "c", "hosts": [{"address": "%s"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(backend);
    }

    private static HttpResponse<String> send(RunningMosn mosn, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + mosn.listener("http").getPort() + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void filtersRunInTheirPhasesWithPerRouteConfig() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(backend.address()))) {
            HttpResponse<String> plain = send(mosn, "/headers");
            assertTrue(plain.body().contains("x-tag: listener-tag"), plain.body());
            assertTrue(plain.body().contains("x-route-config: from-vhost"), plain.body());
            assertEquals("listener-tag", plain.headers().firstValue("x-response-tag").orElse(""));
            HttpResponse<String> special = send(mosn, "/special/headers");
            assertTrue(special.body().contains("x-route-config: from-route"), special.body());
        }
    }

    @Test
    void aFilterCanAnswerDirectlyAndNothingReachesTheBackend() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(backend.address()))) {
            HttpResponse<String> denied = send(mosn, "/", "x-deny", "1");
            assertEquals(403, denied.statusCode());
            assertEquals("denied by filter\n", denied.body());
            assertEquals(0, backend.requests());
        }
    }

    @Test
    void aStoppedFilterResumesLater() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(backend.address()))) {
            HttpResponse<String> paused = send(mosn, "/headers", "x-pause", "1");
            assertEquals(200, paused.statusCode());
            assertTrue(paused.body().contains("x-route-config: from-vhost"), paused.body());
        }
    }
}
