package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.mosn4j.kernel.network.tls.TestCertificates;

/**
 * MOSN's http-sample in its TLS shape: a client-side and a server-side mosn4j started from the tarball with
 * MOSN's own config files, plaintext at the edges and mutual TLS between the two processes. The files get a
 * {@code tls_context} on the server's listener and on the client's cluster, and ephemeral ports (so the test
 * does not take the sample's fixed ones); everything else is as MOSN ships it.
 */
@Timeout(180)
class TlsMosnHttpSampleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void requestsCrossBothProxiesOverMutualTls() throws Exception {
        Path reference = Path.of(System.getProperty("mosn4j.reference.dir", "../../shared/reference"));
        if (!Files.isDirectory(reference)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("MOSN's sample configs are missing at " + reference.toAbsolutePath());
            }
            Assumptions.abort("MOSN's sample configs are not at " + reference.toAbsolutePath());
        }
        TestCertificates certs = TestCertificates.create(Files.createDirectory(dir.resolve("certs")));
        TestCertificates.Pair serverCert = certs.issue("server-side", "localhost");
        TestCertificates.Pair clientCert = certs.issue("client-side", "client-side mosn4j");
        Distribution dist = Distribution.unpack(dir);
        byte[] page = "<html><body>hello from the backend</body></html>\n".getBytes();
        ExecutorService executor = Executors.newCachedThreadPool();
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
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

        ObjectNode serverConfig = (ObjectNode) JSON.readTree(reference.resolve("mosn-http-sample-server_config.json").toFile());
        JsonNode serverListener = serverConfig.at("/servers/0/listeners/0");
        ((ObjectNode) serverListener).put("address", "127.0.0.1:0");
        ObjectNode serverTls = ((ObjectNode) serverListener.at("/filter_chains/0")).putObject("tls_context");
        serverTls.put("status", true).put("cert_chain", serverCert.cert().toString())
                .put("private_key", serverCert.key().toString()).put("ca_cert", certs.ca().cert().toString())
                .put("verify_client", true).put("require_client_cert", true);
        ((ObjectNode) serverConfig.at("/cluster_manager/clusters/0/hosts/0"))
                .put("address", "127.0.0.1:" + backend.getAddress().getPort());
        ((ObjectNode) serverConfig.at("/admin/address/socket_address")).put("address", "127.0.0.1").put("port_value", 0);

        try (Mosn4jProcess server = dist.start("-c", dist.writeConfig("server.json", serverConfig.toString()).toString())) {
            int serverPort = server.listenerPort("serverListener");
            server.awaitStarted();

            ObjectNode clientConfig = (ObjectNode) JSON.readTree(reference.resolve("mosn-http-sample-client_config.json").toFile());
            ((ObjectNode) clientConfig.at("/servers/0/listeners/0")).put("address", "127.0.0.1:0");
            ObjectNode cluster = (ObjectNode) clientConfig.at("/cluster_manager/clusters/0");
            ((ObjectNode) cluster.at("/hosts/0")).put("address", "127.0.0.1:" + serverPort);
            cluster.putObject("tls_context").put("status", true).put("server_name", "localhost")
                    .put("ca_cert", certs.ca().cert().toString()).put("cert_chain", clientCert.cert().toString())
                    .put("private_key", clientCert.key().toString());
            ((ObjectNode) clientConfig.at("/admin/address/socket_address")).put("address", "127.0.0.1").put("port_value", 0);

            try (Mosn4jProcess client = dist.start("-c", dist.writeConfig("client.json", clientConfig.toString()).toString())) {
                int clientPort = client.listenerPort("clientListener");
                client.awaitStarted();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clientPort
                        + "/index.html")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, get.statusCode());
                assertArrayEquals(page, get.body());

                byte[] upload = new byte[10 * 1024 * 1024];
                new Random(2046).nextBytes(upload);
                HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clientPort
                        + "/upload")).timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, post.statusCode());
                assertArrayEquals(upload, post.body());

                JsonNode serverStats = JSON.readTree(get(http, server.adminPort(), "downstream.listener.serverListener"));
                assertTrue(serverStats.at("/downstream/listener.serverListener/tls_handshake").asLong() >= 1,
                        serverStats.toString());
                JsonNode clientStats = JSON.readTree(get(http, client.adminPort(), "upstream.cluster.clientCluster"));
                assertTrue(clientStats.at("/upstream/cluster.clientCluster/tls_handshake").asLong() >= 1,
                        clientStats.toString());

                client.terminate();
                server.terminate();
                assertEquals(0, client.awaitExit(Duration.ofSeconds(40)));
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
                assertFalse(client.output().contains("LEAK:"), client.output());
                assertFalse(server.output().contains("LEAK:"), server.output());
            }
        } finally {
            backend.stop(0);
            executor.shutdownNow();
        }
    }

    private static String get(HttpClient http, int adminPort, String statsKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/api/v1/stats?key="
                + statsKey)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
