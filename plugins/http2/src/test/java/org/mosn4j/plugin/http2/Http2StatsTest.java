package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.RunningMosn;

/**
 * HTTP/2 requests through the in-process proxy are counted in the listener's stats and written to its access
 * log like HTTP/1 ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Http2StatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 7;

    @TempDir
    Path dir;

    private String config(String backend, Path accessLog) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "c"}}]}]}],
                    "listeners": [{
                      "name": "h2", "address": "127.0.0.1:0", "bind_port": true,
                      "access_logs": [{"log_path": "%s",
                         "log_format": "%%protocol%% %%response_code%% %%request_header_:path%%"}],
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                         "upstream_protocol": "Http2", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [{"address": "%s"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(accessLog.toString().replace("\\", "\\\\"), backend);
    }

    private static JsonNode listenerStats(RunningMosn mosn) throws Exception {
        return JSON.readTree(mosn.admin("/api/v1/stats?key=downstream.listener.h2").body())
                .path("downstream").path("listener.h2");
    }

    @Test
    void requestsAreCountedAndLogged() throws Exception {
        Path accessLog = dir.resolve("access.log");
        List<String> paths = new ArrayList<>();
        try (H2c.Server backend = new H2c.Server()) {
            String address = "127.0.0.1:" + backend.address().getPort();
            try (RunningMosn mosn = RunningMosn.start(config(address, accessLog))) {
                try (H2c.Client client = new H2c.Client(mosn.listener("h2"))) {
                    for (int i = 0; i < REQUESTS; i++) {
                        String path = "/stats/" + i;
                        paths.add(path);
                        H2c.Message response = client.send("GET", path, "example.com", Map.of(), null);
                        assertEquals("200", response.first(":status"));
                        assertEquals("h2c GET " + path, new String(response.body(), StandardCharsets.UTF_8));
                    }
                }
                // A stream is counted as it ends, which may be just after the client has the response.
                JsonNode stats = listenerStats(mosn);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stats.path("request_total").asLong() < REQUESTS && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    stats = listenerStats(mosn);
                }
                assertEquals(REQUESTS, stats.path("request_total").asLong(), stats.toString());
                assertEquals(REQUESTS, stats.path("request_200_total").asLong(), stats.toString());
                assertEquals(0, stats.path("request_active").asLong(), stats.toString());
            }
            assertEquals(REQUESTS, backend.requests.size());
        }

        List<String> lines = Files.readAllLines(accessLog, StandardCharsets.UTF_8);
        List<String> expected = paths.stream().map(path -> "Http2 200 " + path).toList();
        assertEquals(expected, lines);
        assertTrue(lines.stream().allMatch(line -> line.startsWith("Http2 200 /stats/")));
    }
}
