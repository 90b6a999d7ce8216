package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MOSN's http-sample, unchanged: a client-side and a server-side mosn4j started from the tarball with MOSN's
 * own config files, a backend on 127.0.0.1:8080, and a client calling 127.0.0.1:2045 through both.
 */
@Timeout(180)
class MosnHttpSampleIT {

    @TempDir
    Path dir;

    @Test
    void requestsCrossBothProxiesByteForByte() throws Exception {
        Path reference = Path.of(System.getProperty("mosn4j.reference.dir", "../../shared/reference"));
        if (!Files.isDirectory(reference)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("MOSN's sample configs are missing at " + reference.toAbsolutePath());
            }
            Assumptions.abort("MOSN's sample configs are not at " + reference.toAbsolutePath());
        }
        Distribution dist = Distribution.unpack(dir);
        byte[] page = "<html><body>hello from the backend on 8080</body></html>\n".getBytes();
        ExecutorService executor = Executors.newCachedThreadPool();
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080), 64);
        backend.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "POST".equals(exchange.getRequestMethod()) ? exchange.getRequestBody().readAllBytes() : page;
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        backend.setExecutor(executor);
        backend.start();
        try (Mosn4jProcess server = dist.start("-c", reference.resolve("mosn-http-sample-server_config.json").toAbsolutePath().toString());
             Mosn4jProcess client = dist.start("-c", reference.resolve("mosn-http-sample-client_config.json").toAbsolutePath().toString())) {
            server.awaitStarted();
            client.awaitStarted();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:2045/index.html"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, get.statusCode());
            assertArrayEquals(page, get.body());

            byte[] upload = new byte[10 * 1024 * 1024];
            new Random(2045).nextBytes(upload);
            HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:2045/upload"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, post.statusCode());
            assertArrayEquals(upload, post.body());

            client.terminate();
            server.terminate();
            assertEquals(0, client.awaitExit(Duration.ofSeconds(40)));
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            assertFalse(client.output().contains("LEAK:"), client.output());
            assertFalse(server.output().contains("LEAK:"), server.output());
        } finally {
            backend.stop(0);
            executor.shutdownNow();
        }
    }

}
