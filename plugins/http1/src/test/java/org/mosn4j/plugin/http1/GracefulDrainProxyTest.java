package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.HttpProxyTest.cluster;
import static org.mosn4j.plugin.http1.HttpProxyTest.prefixRoute;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mosn4j.kernel.RunningMosn;

/**
 * A graceful stop (SIGTERM, or the old process of a hot upgrade) through the whole proxy: a keep-alive connection
 * idle after its request is closed at once, while a connection opened just before the stop, whose first request
 * comes after it, is served once with {@code Connection: close} instead of being cut off. With the protocol
 * configured, and with {@code Auto}, where nothing is decided before the first bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulDrainProxyTest {

    private static final String GET = "GET /drain HTTP/1.1\r\nHost: x\r\n\r\n";

    private static String config(String protocol, String backend) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "20s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [%s]}]}],
                    "listeners": [{
                      "name": "http", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy",
                         "config": {"downstream_protocol": "%s", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [%s]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(prefixRoute("/", "c", ""), protocol, cluster("c", "", backend));
    }

    /** Reads one response with a content-length body; @return its head and body */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            assertTrue(c >= 0, "connection closed in the response head: " + head);
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Http1", "Auto"})
    void aConnectionWhoseFirstRequestComesAfterTheStopIsServedOnce(String protocol) throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(protocol, backend.address()));
             Socket used = new Socket("127.0.0.1", mosn.listener("http").getPort());
             Socket fresh = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
            used.setSoTimeout(20_000);
            fresh.setSoTimeout(20_000);
            used.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
            assertTrue(readResponse(used.getInputStream()).contains("hello from b"));
            awaitActiveConnections(mosn, 2);

            CompletableFuture<Void> stop = CompletableFuture.runAsync(mosn.server()::stopGracefully);
            assertEquals(-1, used.getInputStream().read(), "an idle keep-alive connection closes at once");

            fresh.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(fresh.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            assertTrue(response.toLowerCase().contains("connection: close"), response);
            assertTrue(response.endsWith("hello from b"), response);
            assertEquals(-1, fresh.getInputStream().read());
            stop.get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitActiveConnections(RunningMosn mosn, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ObjectMapper json = new ObjectMapper();
        while (true) {
            String active = json.readTree(mosn.admin("/api/v1/stats?key=downstream.listener.http").body())
                    .at("/downstream/listener.http/connection_active").asText();
            if (Integer.toString(count).equals(active)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "connection_active is " + active + ", not " + count);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
