package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.HttpProxyTest.cluster;
import static org.mosn4j.plugin.http1.HttpProxyTest.config;
import static org.mosn4j.plugin.http1.HttpProxyTest.prefixRoute;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.RunningMosn;

/** The tracing block through the whole proxy: trace headers reach the backend and the access log. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingProxyTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern TRACEPARENT = Pattern.compile("traceparent: 00-([0-9a-f]{32})-([0-9a-f]{16})-01");

    @TempDir
    Path dir;

    private static String traced(String config, String tracing) {
        return config.replace("\"cluster_manager\"", "\"tracing\": " + tracing + ", \"cluster_manager\"");
    }

    private static String headersSeen(RunningMosn mosn, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + mosn.listener("http").getPort() + "/headers"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @Test
    void traceparentIsCreatedOrContinuedAndTheTraceIdIsLogged() throws Exception {
        Path log = dir.resolve("access.log");
        String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String created;
        String continued;
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(traced(config(prefixRoute("/", "c", ""),
                     cluster("c", "", backend.address()), ", \"access_logs\": [{\"log_path\": \"" + log
                             + "\", \"log_format\": \"%trace_id% %response_code%\"}]"),
                     "{\"enable\": true, \"driver\": \"SOFATracer\"}"))) {
            created = headersSeen(mosn);
            continued = headersSeen(mosn, "traceparent", caller);
        }
        Matcher fresh = TRACEPARENT.matcher(created);
        assertTrue(fresh.find(), created);
        Matcher child = TRACEPARENT.matcher(continued);
        assertTrue(child.find(), continued);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", child.group(1));
        assertNotEquals("00f067aa0ba902b7", child.group(2), "the proxy's hop has its own span id");
        assertEquals(List.of(fresh.group(1) + " 200", "4bf92f3577b34da6a3ce929d0e0e4736 200"), Files.readAllLines(log));
    }

    @Test
    void withoutTheTracingBlockHeadersPassUntouched() throws Exception {
        try (Backend backend = new Backend("b");
             RunningMosn mosn = RunningMosn.start(config(prefixRoute("/", "c", ""), cluster("c", "", backend.address()), ""))) {
            assertTrue(!headersSeen(mosn).contains("traceparent"));
            assertTrue(headersSeen(mosn, "traceparent", "not-a-trace").contains("traceparent: not-a-trace"));
        }
    }
}
