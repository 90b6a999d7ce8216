package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.kernel.metrics.ExpositionParser;

/**
 * Each request the Http1 codec answers itself with an error status (a limit reached, a malformed or ambiguous
 * request) is counted in the listener's {@code request_rejected_<status>} key, in the stats API and in
 * {@code /metrics}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestRejectionStatsTest {

    private static final String CONFIG = """
            {"servers": [{"default_log_path": "stdout",
               "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                  "routers": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "ok"}}]}]}],
               "listeners": [{"name": "http", "address": "127.0.0.1:0",
                  "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                     "router_config_name": "r", "extend_config": {"Http1": {"max_request_line_length": 100,
                        "max_header_size": 200, "max_header_count": 5}}}}]}]}]}],
             "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}}
            """;

    private static String exchange(RunningMosn mosn, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static Map<String, Long> rejections(RunningMosn mosn) throws IOException {
        JsonNode listener = new ObjectMapper().readTree(mosn.admin("/api/v1/stats?key=downstream.listener.http")
                .body()).at("/downstream/listener.http");
        Map<String, Long> counts = new TreeMap<>();
        listener.fields().forEachRemaining(field -> {
            if (field.getKey().startsWith("request_rejected_")) {
                counts.put(field.getKey(), field.getValue().asLong());
            }
        });
        return counts;
    }

    @Test
    void everyStatusTheCodecAnswersIsCountedUnderItsOwnKey() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(CONFIG)) {
            assertEquals(Map.of("request_rejected_400", 0L, "request_rejected_414", 0L, "request_rejected_417", 0L,
                    "request_rejected_431", 0L, "request_rejected_501", 0L, "request_rejected_505", 0L),
                    rejections(mosn));

            assertTrue(exchange(mosn, "GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .startsWith("HTTP/1.1 414 "));
            assertTrue(exchange(mosn, "GET / HTTP/1.1\r\nHost: x\r\nBig: " + "b".repeat(300) + "\r\n\r\n")
                    .startsWith("HTTP/1.1 431 "));
            assertTrue(exchange(mosn, "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n")
                    .startsWith("HTTP/1.1 431 "));
            assertTrue(exchange(mosn, "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n").startsWith("HTTP/1.1 400 "));
            assertTrue(exchange(mosn, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
                    .startsWith("HTTP/1.1 501 "));
            assertTrue(exchange(mosn, "GET / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n")
                    .startsWith("HTTP/1.1 417 "));
            assertTrue(exchange(mosn, "GET / HTTP/1.2\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 505 "));
            String served = exchange(mosn, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(served.startsWith("HTTP/1.1 200 "), served);

            assertEquals(Map.of("request_rejected_400", 1L, "request_rejected_414", 1L, "request_rejected_417", 1L,
                    "request_rejected_431", 2L, "request_rejected_501", 1L, "request_rejected_505", 1L),
                    rejections(mosn));
            Map<String, ExpositionParser.Family> metrics = ExpositionParser.parse(mosn.admin("/metrics").body());
            assertEquals(2, metrics.get("mosn_downstream_request_rejected_431").value(
                    "mosn_downstream_request_rejected_431_total", Map.of("listener", "http")));
            assertEquals("counter", metrics.get("mosn_downstream_request_rejected_431").type());
        }
    }
}
