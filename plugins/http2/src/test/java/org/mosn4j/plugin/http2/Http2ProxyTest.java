package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.RunningMosn;

/**
 * HTTP/2 downstream, HTTP/1.1 upstream, end to end: curl with prior knowledge, the in-process proxy, and the
 * JDK's HTTP server behind it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Http2ProxyTest {

    @TempDir
    Path dir;

    private static String config(String backend) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "c"}}]}]}],
                    "listeners": [{
                      "name": "h2", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "c", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [{"address": "%s"}]}]}
                }
                """.formatted(backend);
    }

    /** Answers {@code /echo} with the request body, anything else with the method, path and a header. */
    private static HttpServer backend(ExecutorService executor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestURI().getPath().equals("/echo")
                        ? exchange.getRequestBody().readAllBytes()
                        : (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
                                + exchange.getRequestHeaders().getFirst("Host") + " xff="
                                + exchange.getRequestHeaders().getFirst("X-Forwarded-For"))
                                .getBytes(StandardCharsets.UTF_8);
                respond(exchange, body);
            }
        });
        server.setExecutor(executor);
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** @return curl's output: the status line's code, then the body */
    private String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--http2-prior-knowledge", "-o",
                dir.resolve("body").toString(), "-w", "%{http_version} %{http_code}\n", "--max-time", "30"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return status + "\n" + Files.readString(dir.resolve("body"));
    }

    @Test
    void getAndPostThroughHttp2ToAnHttp1Backend() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        ExecutorService executor = Executors.newCachedThreadPool();
        HttpServer server = backend(executor);
        try (RunningMosn mosn = RunningMosn.start(config("127.0.0.1:" + server.getAddress().getPort()))) {
            String base = "http://127.0.0.1:" + mosn.listener("h2").getPort();

            assertEquals("2 200\nGET /hello?x=1 host=127.0.0.1:" + mosn.listener("h2").getPort() + " xff=127.0.0.1",
                    curl(base + "/hello?x=1"));

            String body = "a".repeat(100_000) + "end";
            Path file = dir.resolve("post");
            Files.writeString(file, body);
            assertEquals("2 200\n" + body, curl("--data-binary", "@" + file, base + "/echo"));

        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
