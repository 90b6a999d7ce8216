package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config changes through the unpacked distribution's admin API: a cluster's hosts replaced while serving, the
 * change written back to the config file, and a restart from that file keeping it.
 */
@Timeout(120)
class ConfigUpdateIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static String config(String host) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backends"}}]}]}],
                    "listeners": [{
                      "name": "web", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "backends", "type": "SIMPLE",
                     "hosts": [{"address": "%s"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(host);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(int port) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))).body();
    }

    @Test
    void hostsReplacedThroughTheAdminApiServeAtOnceAndSurviveARestart() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (ResilienceBackend one = new ResilienceBackend("one");
             ResilienceBackend two = new ResilienceBackend("two")) {
            Path file = dist.writeConfig("update.json", config(one.address()));
            try (Mosn4jProcess mosn = dist.start("-c", file.toString())) {
                int port = mosn.listenerPort("web");
                int admin = mosn.adminPort();
                mosn.awaitStarted();
                assertEquals("one", get(port));
                HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
                        + "/api/v1/config/update?persist=true")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"hosts\": {\"backends\": [{\"address\": \"" + two.address() + "\"}]}}")));
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals("two", get(port));
                assertTrue(Files.readString(file).contains(two.address()), Files.readString(file));
                mosn.awaitLine(l -> l.contains("config change applied"), Duration.ofSeconds(10));
                mosn.terminate();
                assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
                assertFalse(mosn.output().contains("LEAK:"), mosn.output());
            }
            try (Mosn4jProcess again = dist.start("-c", file.toString())) {
                int port = again.listenerPort("web");
                again.awaitStarted();
                assertEquals("two", get(port), "the persisted change is the config now");
                again.terminate();
                assertEquals(0, again.awaitExit(Duration.ofSeconds(30)));
            }
        }
    }
}
