package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http2.Http2Error;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * What Netty's HTTP/2 codec refuses on its own is counted in the listener's stats: a header list over
 * SETTINGS_MAX_HEADER_LIST_SIZE ({@code request_rejected_431}), a stream over SETTINGS_MAX_CONCURRENT_STREAMS
 * ({@code http2_stream_refused}) and floods answered with GOAWAY ENHANCE_YOUR_CALM
 * ({@code http2_flood_rejected}): empty DATA frames, rapid resets, and PINGs whose acks the client does not
 * read. Requests go to an upstream that accepts connections and never answers, so their streams stay open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Http2RejectionStatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Connections the kernel completes and queues without this test accepting them: an upstream that is mute. */
    private ServerSocket mute;
    private RunningMosn mosn;

    @BeforeEach
    void start() throws Exception {
        mute = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        mosn = RunningMosn.start("""
                {"servers": [{"default_log_path": "stdout",
                   "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                      "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "mute"}}]}]}],
                   "listeners": [{"name": "h2", "address": "127.0.0.1:0",
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                         "upstream_protocol": "Http1", "router_config_name": "r",
                         "extend_config": {"Http2": {"max_concurrent_streams": 2}}}}]}]}]}],
                 "cluster_manager": {"clusters": [{"name": "mute", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                    "hosts": [{"address": "127.0.0.1:%d"}]}]},
                 "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}}
                """.formatted(mute.getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (mosn != null) {
                mosn.close();
            }
        } finally {
            mute.close();
        }
    }

    private long stat(String key) throws IOException {
        JsonNode listener = JSON.readTree(mosn.admin("/api/v1/stats?key=downstream.listener.h2").body())
                .path("downstream").path("listener.h2");
        return listener.path(key).asLong(-1);
    }

    @Test
    void aHeaderListOverTheLimitIsAnswered431AndCounted() throws Exception {
        assertEquals(0, stat("request_rejected_431"));
        try (RawH2Client client = new RawH2Client(mosn.listener("h2"))) {
            client.headers(1, RawH2Client.get("/", 70 * 1024), true);
            RawH2Client.Frame answer = client.readUntil(RawH2Client.HEADERS, 1);
            assertEquals("431", client.decode(answer).status().toString());
        }
        assertEquals(1, stat("request_rejected_431"));
        assertEquals(0, stat("http2_flood_rejected"));
    }

    @Test
    void aStreamOverTheConcurrentLimitIsRefusedAndCounted() throws Exception {
        assertEquals(0, stat("http2_stream_refused"));
        try (RawH2Client client = new RawH2Client(mosn.listener("h2"))) {
            client.headers(1, RawH2Client.get("/a", 0), true);
            client.headers(3, RawH2Client.get("/b", 0), true);
            client.headers(5, RawH2Client.get("/c", 0), true);
            RawH2Client.Frame reset = client.readUntil(RawH2Client.RST_STREAM, 5);
            assertEquals(Http2Error.REFUSED_STREAM.code(), reset.errorCode());
        }
        assertEquals(1, stat("http2_stream_refused"));
    }

    @Test
    void emptyDataFramesInARowCloseTheConnectionAndAreCounted() throws Exception {
        try (RawH2Client client = new RawH2Client(mosn.listener("h2"))) {
            client.headers(1, RawH2Client.get("/upload", 0), false);
            for (int i = 0; i < 3; i++) {
                client.emptyData(1);
            }
            RawH2Client.Frame goAway = client.readUntil(RawH2Client.GOAWAY, 0);
            assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goAway.errorCode());
        }
        assertEquals(1, stat("http2_flood_rejected"));
    }

    @Test
    void pingsWhoseAcksAreNotReadCloseTheConnectionAndAreCounted() throws Exception {
        try (RawH2Client client = new RawH2Client(mosn.listener("h2"), 4096)) {
            // The acks back up in the proxy once the socket buffers are full; past the limit of queued control
            // frames the proxy closes the connection, and a write fails.
            assertThrows(IOException.class, () -> {
                for (long i = 0; i < 5_000_000; i++) {
                    client.ping(i);
                }
                client.flush();
            });
        }
        assertEquals(1, stat("http2_flood_rejected"));
    }

    @Test
    void rapidResetsCloseTheConnectionAndAreCounted() throws Exception {
        try (RawH2Client client = new RawH2Client(mosn.listener("h2"))) {
            for (int stream = 1; stream <= 2 * 201; stream += 2) {
                client.headers(stream, RawH2Client.get("/r", 0), true);
                client.rstStream(stream, (int) Http2Error.CANCEL.code());
            }
            RawH2Client.Frame goAway = client.readUntil(RawH2Client.GOAWAY, 0);
            assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goAway.errorCode());
        }
        assertEquals(1, stat("http2_flood_rejected"));
        assertEquals(0, stat("http2_stream_refused"));
    }
}
