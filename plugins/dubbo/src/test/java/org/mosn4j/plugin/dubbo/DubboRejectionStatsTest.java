package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * A connection closed because a frame is over the listener's {@code max_frame_size} is counted as the listener's
 * {@code dubbo_frame_too_large}; one closed for bytes that are not Dubbo at all is not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DubboRejectionStatsTest {

    private static final String CONFIG = """
            {"servers": [{"default_log_path": "stdout",
               "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "all", "domains": ["*"],
                  "routers": [{"match": {"headers": [{"name": "service", "value": ".*", "regex": true}]},
                     "route": {"cluster_name": "c"}}]}]}],
               "listeners": [{"name": "dubbo", "address": "127.0.0.1:0",
                  "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "dubbo",
                     "router_config_name": "r", "extend_config": {"dubbo": {"max_frame_size": 1024}}}}]}]}]}],
             "cluster_manager": {"clusters": [{"name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                "hosts": [{"address": "127.0.0.1:%d"}]}]},
             "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}}
            """;

    /**
     * Sends {@code bytes} and reads until the proxy closes the connection (a reset, when the proxy closes with
     * bytes of ours unread).
     */
    private static void sendUntilClosed(RunningMosn mosn, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", mosn.listener("dubbo").getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(bytes);
            socket.getInputStream().readAllBytes();
        } catch (SocketException reset) {
            assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
        }
    }

    private static long framesTooLarge(RunningMosn mosn) throws IOException {
        return new ObjectMapper().readTree(mosn.admin("/api/v1/stats?key=downstream.listener.dubbo").body())
                .at("/downstream/listener.dubbo/dubbo_frame_too_large").asLong(-1);
    }

    @Test
    void aFrameOverTheSizeLimitIsCountedAndBytesThatAreNotDubboAreNot() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(CONFIG.formatted(DubboPeers.freePort()))) {
            assertEquals(0, framesTooLarge(mosn));

            sendUntilClosed(mosn, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, framesTooLarge(mosn));

            sendUntilClosed(mosn, DubboFrames.request(1, new byte[2048]));
            assertEquals(1, framesTooLarge(mosn));
        }
    }
}
