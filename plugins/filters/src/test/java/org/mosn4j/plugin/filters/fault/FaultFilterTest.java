package org.mosn4j.plugin.filters.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.filters.common.DubboWire;
import org.mosn4j.plugin.filters.common.HttpClients;
import org.mosn4j.plugin.filters.common.ProxyConfigs;
import org.mosn4j.plugin.filters.common.TestBackend;

/** The fault filter through the in-process proxy, on HTTP/1.1, HTTP/2 and dubbo. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultFilterTest {

    private static final String FAULT = """
            {"type": "fault", "config": {"delay": {"fixed_delay": "1s", "percentage": 100},
              "headers": [{"name": "x-fault", "value": "delay"}]}}""";

    private static String route(String prefix, String faultConfig) {
        return "{\"match\": {\"prefix\": \"" + prefix + "\"}, \"route\": {\"cluster_name\": \"c\"},"
                + " \"per_filter_config\": {\"fault\": " + faultConfig + "}}";
    }

    private TestBackend backend;
    private RunningMosn mosn;
    private int port;
    private final HttpClient client = HttpClients.http1();

    @BeforeAll
    void start() throws Exception {
        backend = new TestBackend("b");
        String routes = String.join(",\n",
                route("/abort", "{\"abort\": {\"status\": 503}}"),
                route("/never", "{\"abort\": {\"status\": 500, \"percentage\": 0},"
                        + " \"delay\": {\"fixed_delay\": \"10s\", \"percentage\": 0}}"),
                route("/delay-abort", "{\"delay\": {\"fixed_delay\": \"200ms\"}, \"abort\": {\"status\": 429}}"),
                route("/other-cluster", "{\"abort\": {\"status\": 502}, \"upstream_cluster\": \"other\"}"),
                route("/this-cluster", "{\"abort\": {\"status\": 502}, \"upstream_cluster\": \"c\"}"),
                route("/regex", "{\"abort\": {\"status\": 451}, \"headers\": [{\"name\": \"x-user\", \"value\": \"bad-.*\", \"regex\": true}]}"),
                route("/off", "{\"disabled\": true}"),
                ProxyConfigs.routeAll("c"));
        mosn = RunningMosn.start(ProxyConfigs.auto(FAULT, ProxyConfigs.virtualHost(routes),
                ProxyConfigs.cluster("c", backend.address()) + "," + ProxyConfigs.cluster("other", backend.address())));
        port = mosn.listener("proxy").getPort();
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

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpClients.request(port, path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDelayedRequestDoesNotHoldUpOthersOnTheSameEventLoop() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> delayed = client.sendAsync(
                HttpClients.request(port, "/delayed").header("x-fault", "delay").build(), HttpResponse.BodyHandlers.ofString());
        // The proxy has one event loop: a blocking delay would hold this request up too.
        HttpResponse<String> quick = get("/quick");
        assertEquals(200, quick.statusCode());
        assertFalse(delayed.isDone(), "the delayed request finished before an undelayed one");
        HttpResponse<String> slow = delayed.get(20, TimeUnit.SECONDS);
        assertEquals(200, slow.statusCode());
        assertEquals("hello from b", slow.body());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1000), "the delay was shorter than 1s");
    }

    @Test
    void anAbortAnswersWithTheStatusAndNothingReachesTheBackend() throws Exception {
        int before = backend.requests();
        HttpResponse<String> aborted = get("/abort/x");
        assertEquals(503, aborted.statusCode());
        assertEquals("fault filter abort\n", aborted.body());
        assertEquals(before, backend.requests());
    }

    @Test
    void zeroPercentNeverInjectsAndDisabledTurnsTheListenerFaultOff() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(200, get("/never").statusCode());
        }
        long start = System.nanoTime();
        assertEquals(200, get("/off", "x-fault", "delay").statusCode());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "the route's per_filter_config did not apply");
    }

    @Test
    void aDelayThenAnAbort() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/delay-abort");
        assertEquals(429, response.statusCode());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void upstreamClusterAndHeadersLimitTheFault() throws Exception {
        assertEquals(200, get("/other-cluster").statusCode());
        assertEquals(502, get("/this-cluster").statusCode());
        assertEquals(451, get("/regex", "x-user", "bad-joe").statusCode());
        assertEquals(200, get("/regex", "x-user", "good-joe").statusCode());
        assertEquals(200, get("/regex").statusCode());
    }

    @Test
    void http2StreamsGetTheFaultToo() throws Exception {
        HttpClient h2 = HttpClients.http2(port);
        HttpResponse<String> aborted = h2.send(HttpClients.request(port, "/abort").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, aborted.version());
        assertEquals(503, aborted.statusCode());
        HttpResponse<String> delayed = h2.send(HttpClients.request(port, "/h2-delayed").header("x-fault", "delay").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, delayed.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, delayed.version());
    }

    @Test
    void aClientLeavingDuringTheDelayCancelsIt() throws Exception {
        drainReceived();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /gone?n=1 HTTP/1.1\r\nHost: x\r\nx-fault: delay\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // An abortive close (RST): a plain FIN would only say the client sent all of its request.
            socket.setSoLinger(true, 0);
        }
        // Timers of one event loop fire in order: had the first delay not been cancelled, its request would
        // reach the backend before this one.
        assertEquals(200, get("/gone?n=2", "x-fault", "delay").statusCode());
        TestBackend.Received received = backend.next(5);
        assertEquals("/gone?n=2", received.path());
        assertNull(backend.poll());
    }

    private void drainReceived() {
        while (backend.poll() != null) {
            // requests of other tests
        }
    }

    @Test
    void dubboCallsAreAbortedAsDubboErrorsAndDelayed() throws Exception {
        String routes = "{\"match\": {\"headers\": [{\"name\": \"service\", \"value\": \".*\", \"regex\": true}]},"
                + " \"route\": {\"cluster_name\": \"dubbo\"}}";
        String fault = """
                {"type": "fault", "config": {"abort": {"status": 503},
                  "headers": [{"name": "method", "value": "fail"}, {"name": "group", "value": "blue"}]}},
                {"type": "fault", "config": {"delay": {"fixed_delay": "300ms"},
                  "headers": [{"name": "method", "value": "slow"}]}}""";
        try (DubboWire.Provider provider = new DubboWire.Provider();
             RunningMosn dubbo = RunningMosn.start(ProxyConfigs.config("dubbo", "dubbo", fault,
                     ProxyConfigs.virtualHost(routes), ProxyConfigs.cluster("dubbo", provider.address())));
             Socket socket = new Socket("127.0.0.1", dubbo.listener("dubbo").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(DubboWire.request(7, "org.example.Greeter", "1.0.0", "fail", "x", Map.of("group", "blue")));
            out.flush();
            DubboWire.Frame error = DubboWire.read(socket.getInputStream());
            assertEquals(7, error.id());
            assertTrue(error.status() != DubboWire.OK, "status " + error.status());
            assertTrue(error.errorMessage().contains("fault filter abort"), error.errorMessage());
            assertEquals(0, provider.calls());

            long start = System.nanoTime();
            out.write(DubboWire.request(8, "org.example.Greeter", "1.0.0", "slow", "x", Map.of()));
            out.write(DubboWire.request(9, "org.example.Greeter", "1.0.0", "fail", "x", Map.of("group", "green")));
            out.flush();
            DubboWire.Frame first = DubboWire.read(socket.getInputStream());
            DubboWire.Frame second = DubboWire.read(socket.getInputStream());
            assertEquals(9, first.id(), "the undelayed call should be answered first");
            assertEquals(DubboWire.OK, first.status());
            assertEquals(8, second.id());
            assertEquals(DubboWire.OK, second.status());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
            assertEquals(2, provider.calls());
        }
    }
}
