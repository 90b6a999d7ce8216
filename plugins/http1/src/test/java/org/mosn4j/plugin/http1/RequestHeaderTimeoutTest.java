package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * A slowloris client, whose request headers trickle in byte by byte, gets 408 and loses its connection once
 * the proxy's {@code request_header_timeout} is over, while other clients are served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestHeaderTimeoutTest {

    private static final long TIMEOUT_MILLIS = 1000;
    /**
     * Scheduling and a loaded machine's delays. Timeout and slack together stay below the 4 s the slow request
     * takes, so an answer within them came before its headers were complete.
     */
    private static final long SLACK_MILLIS = 2000;

    private static String config(String http1Options) {
        return """
                {"servers": [{"default_log_path": "stdout",
                   "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                      "routers": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "ok"}}]}]}],
                   "listeners": [{"name": "http", "address": "127.0.0.1:0",
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "router_config_name": "r", "extend_config": {"Http1": %s}}}]}]}]}],
                 "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}}
                """.formatted(http1Options);
    }

    private static Socket connect(RunningMosn mosn) throws IOException {
        Socket socket = new Socket("127.0.0.1", mosn.listener("http").getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static long headerTimeouts(RunningMosn mosn) throws IOException {
        return new ObjectMapper().readTree(mosn.admin("/api/v1/stats?key=downstream.listener.http").body())
                .at("/downstream/listener.http/request_header_timeout").asLong(-1);
    }

    @Test
    void aClientSendingHeadersByteByByteGets408AndIsClosedWhileOthersAreServed() throws Exception {
        byte[] slowRequest = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        // One byte every 100 ms: the whole header block would take about 4 s, far beyond the 1 s allowed.
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (RunningMosn mosn = RunningMosn.start(config("{\"request_header_timeout\": \"1s\"}"));
             Socket slow = connect(mosn)) {
            OutputStream out = slow.getOutputStream();
            AtomicInteger sent = new AtomicInteger();
            AtomicLong firstByteNanos = new AtomicLong();
            trickle.scheduleAtFixedRate(() -> {
                int next = sent.get();
                if (next >= slowRequest.length) {
                    return;
                }
                try {
                    if (next == 0) {
                        firstByteNanos.set(System.nanoTime());
                    }
                    out.write(slowRequest[next]);
                    out.flush();
                    sent.incrementAndGet();
                } catch (IOException closedByTheServer) {
                    sent.set(slowRequest.length);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            try (Socket other = connect(mosn)) {
                other.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(other.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("ok"), answer);
            }

            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstByteNanos.get());
            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
            assertTrue(elapsedMillis >= TIMEOUT_MILLIS - 50, "closed after " + elapsedMillis + " ms, before the timeout");
            assertTrue(elapsedMillis < TIMEOUT_MILLIS + SLACK_MILLIS, "closed only after " + elapsedMillis + " ms");
            assertEquals(1, headerTimeouts(mosn));

            try (Socket after = connect(mosn)) {
                after.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String served = new String(after.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(served.startsWith("HTTP/1.1 200"), served);
            }
        } finally {
            trickle.shutdownNow();
            assertTrue(trickle.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void tooManyHeaderLinesGet431() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config("{\"max_header_count\": 3}"));
             Socket socket = connect(mosn)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), answer);
            assertEquals(0, headerTimeouts(mosn));
        }
    }
}
