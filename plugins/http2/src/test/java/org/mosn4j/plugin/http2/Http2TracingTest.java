package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/** Trace headers over HTTP/2 on both sides: B3 continued, and a trace started for a request with none. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Http2TracingTest {

    private static String config(String backend) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "c"}}]}]}],
                    "listeners": [{
                      "name": "h2", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                         "upstream_protocol": "Http2", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "tracing": {"enable": true, "driver": "zipkin", "config": {"propagation": ["b3", "w3c"]}},
                  "cluster_manager": {"clusters": [{"name": "c", "type": "SIMPLE", "hosts": [{"address": "%s"}]}]}
                }
                """.formatted(backend);
    }

    @Test
    void b3IsContinuedAndW3cWrittenForTheSameTrace() throws Exception {
        try (H2c.Server backend = new H2c.Server();
             RunningMosn mosn = RunningMosn.start(config("127.0.0.1:" + backend.address().getPort()));
             H2c.Client client = new H2c.Client(mosn.listener("h2"))) {
            assertEquals("200", client.send("GET", "/b3", "example.com", Map.of("x-b3-traceid",
                    "463ac35c9f6413ad48485a3953bb6124", "x-b3-spanid", "a2fb4a1d1a96d312"), null).first(":status"));
            assertEquals("200", client.send("GET", "/none", "example.com", Map.of(), null).first(":status"));

            H2c.Message continued = backend.requests.get(0);
            assertEquals("463ac35c9f6413ad48485a3953bb6124", continued.first("x-b3-traceid"));
            assertEquals("a2fb4a1d1a96d312", continued.first("x-b3-parentspanid"));
            String span = continued.first("x-b3-spanid");
            assertNotEquals("a2fb4a1d1a96d312", span);
            assertEquals("00-463ac35c9f6413ad48485a3953bb6124-" + span + "-01", continued.first("traceparent"));

            H2c.Message started = backend.requests.get(1);
            String traceparent = started.first("traceparent");
            assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), traceparent);
            assertEquals(traceparent.substring(3, 35), started.first("x-b3-traceid"));
            assertEquals("1", started.first("x-b3-sampled"));
        }
    }
}
