package org.mosn4j.plugin.filters.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.slf4j.LoggerFactory;

/**
 * A stream filter that throws fails only its own stream: the request is answered 500 (or reset once the
 * response has started), the connection and its other streams go on, and the failure is logged with a stack
 * trace once per burst. On HTTP/1.1, HTTP/2 and dubbo.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterFailureIsolationTest {

    private static final String FILTERS = "{\"type\": \"throwing\"}";

    private TestBackend backend;
    private RunningMosn mosn;
    private int port;

    @BeforeAll
    void start() throws Exception {
        backend = new TestBackend("b");
        mosn = RunningMosn.start(ProxyConfigs.config("isolation", "Auto", FILTERS,
                ProxyConfigs.virtualHost(ProxyConfigs.routeAll("c")), ProxyConfigs.cluster("c", backend.address())));
        port = mosn.listener("isolation").getPort();
    }

    @AfterAll
    void stop() {
        if (mosn != null) {
            mosn.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int contentLength = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed after: " + seen);
            }
            seen.write(b);
            String text = seen.toString(StandardCharsets.US_ASCII);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0 && contentLength < 0) {
                String lower = text.toLowerCase();
                int at = lower.indexOf("content-length: ");
                contentLength = Integer.parseInt(lower.substring(at + 16, lower.indexOf("\r\n", at)).trim());
            }
            if (end >= 0 && seen.size() == end + 4 + contentLength) {
                return text;
            }
        }
    }

    @Test
    void onHttp1TheFailedRequestGets500AndTheConnectionServesTheNextOne() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            String failed = exchange(socket, "GET /a HTTP/1.1\r\nHost: x\r\nx-throw: request-headers\r\n\r\n");
            assertTrue(failed.startsWith("HTTP/1.1 500"), failed);
            assertTrue(failed.endsWith("stream filter failure\n"), failed);
            String body = "0123456789";
            String failedOnData = exchange(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nx-throw: request-data\r\n"
                    + "Content-Length: 10\r\n\r\n" + body);
            assertTrue(failedOnData.startsWith("HTTP/1.1 500"), failedOnData);
            String failedOnResponse = exchange(socket, "GET /b HTTP/1.1\r\nHost: x\r\nx-throw: response-headers\r\n\r\n");
            assertTrue(failedOnResponse.startsWith("HTTP/1.1 500"), failedOnResponse);
            String next = exchange(socket, "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(next.startsWith("HTTP/1.1 200"), next);
            assertTrue(next.endsWith("hello from b"), next);
        }
    }

    @Test
    void onceTheResponseHasStartedTheStreamIsReset() throws Exception {
        HttpClient client = HttpClients.http1();
        assertThrows(IOException.class, () -> client.send(HttpClients.request(port, "/text")
                .header("x-throw", "response-data").build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, client.send(HttpClients.request(port, "/").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void onHttp2OnlyTheFailedStreamIsAffected() throws Exception {
        HttpClient h2 = HttpClients.http2(port);
        CompletableFuture<HttpResponse<String>> slow = h2.sendAsync(HttpClients.request(port, "/stream").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> failed = h2.send(HttpClients.request(port, "/a").header("x-throw", "request-headers").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, failed.version());
        assertEquals(500, failed.statusCode());
        assertThrows(IOException.class, () -> h2.send(HttpClients.request(port, "/text")
                .header("x-throw", "response-data").build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(500, h2.send(HttpClients.request(port, "/echo").header("x-throw", "request-data")
                .POST(HttpRequest.BodyPublishers.ofString("body")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        backend.releaseStream();
        HttpResponse<String> other = slow.get(20, TimeUnit.SECONDS);
        assertEquals(HttpClient.Version.HTTP_2, other.version());
        assertEquals("first part\nsecond part\n", other.body(), "a stream beside the failed ones was disturbed");
        assertEquals(200, h2.send(HttpClients.request(port, "/").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aDubboCallGetsADubboErrorReply() throws Exception {
        String routes = "{\"match\": {\"headers\": [{\"name\": \"service\", \"value\": \".*\", \"regex\": true}]},"
                + " \"route\": {\"cluster_name\": \"dubbo\"}}";
        try (DubboWire.Provider provider = new DubboWire.Provider();
             RunningMosn dubbo = RunningMosn.start(ProxyConfigs.config("isolation-dubbo", "dubbo", FILTERS,
                     ProxyConfigs.virtualHost(routes), ProxyConfigs.cluster("dubbo", provider.address())));
             Socket socket = new Socket("127.0.0.1", dubbo.listener("isolation-dubbo").getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(DubboWire.request(1, "org.example.Greeter", "1.0.0", "hello", "x", Map.of("x-throw", "request-headers")));
            out.write(DubboWire.request(2, "org.example.Greeter", "1.0.0", "hello", "x", Map.of()));
            out.flush();
            DubboWire.Frame failed = DubboWire.read(socket.getInputStream());
            DubboWire.Frame ok = DubboWire.read(socket.getInputStream());
            if (failed.id() == 2) {
                DubboWire.Frame swap = failed;
                failed = ok;
                ok = swap;
            }
            assertEquals(1, failed.id());
            assertTrue(failed.status() != DubboWire.OK, "status " + failed.status());
            assertTrue(failed.errorMessage().contains("stream filter failure"), failed.errorMessage());
            assertEquals(DubboWire.OK, ok.status());
        }
    }

    @Test
    void aBurstOfFailuresLogsOneStackTrace() throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger("org.mosn4j.kernel.proxy.FilterFailureLog");
        appender.start();
        logger.addAppender(appender);
        try (RunningMosn burst = RunningMosn.start(ProxyConfigs.config("burst", "Http1", FILTERS,
                ProxyConfigs.virtualHost(ProxyConfigs.routeAll("c")), ProxyConfigs.cluster("c", backend.address())))) {
            HttpClient client = HttpClients.http1();
            int burstPort = burst.listener("burst").getPort();
            for (int i = 0; i < 30; i++) {
                assertEquals(500, client.send(HttpClients.request(burstPort, "/").header("x-throw", "request-headers").build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            }
        } finally {
            logger.detachAppender(appender);
        }
        List<ILoggingEvent> traces = appender.list.stream().filter(e -> e.getThrowableProxy() != null).toList();
        assertEquals(1, traces.size(), "stack traces logged: " + traces);
        ILoggingEvent event = traces.get(0);
        assertTrue(event.getFormattedMessage().contains("listener burst: stream filter \"throwing\" threw from onHeaders"),
                event.getFormattedMessage());
        assertTrue(event.getThrowableProxy().getMessage().contains(ThrowingFilterFactory.MESSAGE));
    }
}
