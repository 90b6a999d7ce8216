package org.mosn4j.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.RunningMosn;

class ListenerTest {

    private static String config(String address, String extra) {
        return """
                {"servers": [{"listeners": [{"name": "l", "address": "%s" %s,
                   "filter_chains": [{"filters": [{"type": "connection_manager",
                      "config": {"router_config_name": "r"}}]}]}]}],
                 "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}}
                """.formatted(address, extra);
    }

    @Test
    void aConnectionNoFilterHandlesIsClosedAndCounted() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config("127.0.0.1:0", ""));
             Socket socket = new Socket()) {
            socket.connect(mosn.listener("l"), 5000);
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read());
            var stats = new ObjectMapper().readTree(mosn.admin("/api/v1/stats?key=downstream.listener.l").body());
            assertEquals("1", stats.at("/downstream/listener.l/connection_total").asText());
        }
    }

    @Test
    void bindPortFalseBindsNothing() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config("127.0.0.1:0", ", \"bind_port\": false"))) {
            assertEquals(null, mosn.listener("l"));
        }
    }

    @Test
    void anAddressInUseFailsStartWithTheListenerNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            BindException e = assertThrows(BindException.class,
                    () -> RunningMosn.start(config("127.0.0.1:" + taken.getLocalPort(), "")));
            assertTrue(e.getMessage().startsWith("listener l: cannot bind 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void reusePortLetsTwoProcessesShareAPortOnEpoll() throws Exception {
        try (RunningMosn first = RunningMosn.start(config("127.0.0.1:0", ", \"reuseport\": true"))) {
            InetSocketAddress bound = first.listener("l");
            if (Transport.detect() != Transport.EPOLL) {
                return;
            }
            try (RunningMosn second = RunningMosn.start(config("127.0.0.1:" + bound.getPort(), ", \"reuseport\": true"))) {
                assertEquals(bound.getPort(), second.listener("l").getPort());
            }
        }
    }
}
