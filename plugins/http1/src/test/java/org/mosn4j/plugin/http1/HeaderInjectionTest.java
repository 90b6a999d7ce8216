package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.HttpProxyTest.cluster;
import static org.mosn4j.plugin.http1.HttpProxyTest.config;
import static org.mosn4j.plugin.http1.HttpProxyTest.prefixRoute;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * Header values a route rule adds that hold CR or LF (here from the config's JSON, as a filter could set them too)
 * never reach the wire: a request carrying one is not sent upstream and the client gets a 5xx, a response carrying
 * one is answered 502, and no injected header line appears on either side.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeaderInjectionTest {

    private static final String INJECTED = "ok\\r\\nX-Injected: 1";

    private static Backend backend;
    private static RunningMosn mosn;

    @BeforeAll
    static void start() throws Exception {
        backend = new Backend("b");
        String routes = prefixRoute("/request/", "c", ", \"prefix_rewrite\": \"/\", \"request_headers_to_add\": "
                + "[{\"header\": {\"key\": \"x-added\", \"value\": \"" + INJECTED + "\"}}]") + ","
                + prefixRoute("/response/", "c", ", \"prefix_rewrite\": \"/\", \"response_headers_to_add\": "
                + "[{\"header\": {\"key\": \"x-added\", \"value\": \"" + INJECTED + "\"}}]") + ","
                + prefixRoute("/", "c", "");
        mosn = RunningMosn.start(config(routes, cluster("c", "", backend.address()), ""));
    }

    @AfterAll
    static void stop() throws Exception {
        mosn.close();
        backend.close();
    }

    private static String exchange(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aRequestHeaderWithALineBreakIsNotSentUpstream() throws Exception {
        int before = backend.requests();
        String answer = exchange("/request/headers");
        assertTrue(answer.startsWith("HTTP/1.1 5"), answer);
        assertFalse(answer.toLowerCase().contains("x-injected"), answer);
        assertEquals(before, backend.requests(), "the request reached the backend");
        assertTrue(exchange("/headers").startsWith("HTTP/1.1 200"), "the proxy still serves");
    }

    @Test
    void aResponseHeaderWithALineBreakIsAnswered502() throws Exception {
        String answer = exchange("/response/headers");
        assertTrue(answer.startsWith("HTTP/1.1 502"), answer);
        assertFalse(answer.toLowerCase().contains("x-injected"), answer);
        assertTrue(exchange("/headers").startsWith("HTTP/1.1 200"), "the proxy still serves");
    }
}
