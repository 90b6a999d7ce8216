package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.network.tls.TestCertificates;

/**
 * HTTPS through the unpacked distribution with curl and openssl s_client as clients, to a plaintext HTTP
 * backend: HTTP/1.1 and HTTP/2 chosen by ALPN on one Auto listener, mutual TLS accepted and refused, TLS and
 * plaintext on one port (the inspector), and the bad cases, each logged in one line and counted. At the end
 * mosn4j stops on SIGTERM with no leak reported.
 */
@Timeout(180)
class TlsHttpIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CURL_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static TestCertificates.Pair client;
    private static HttpServer backend;
    private static ExecutorService executor;
    private static Mosn4jProcess mosn;
    private static int https;
    private static int mtls;
    private static int both;

    private static String config(int backendPort, TestCertificates.Pair server) throws Exception {
        String files = "\"cert_chain\": " + JSON.writeValueAsString(server.cert().toString()) + ", \"private_key\": "
                + JSON.writeValueAsString(server.key().toString());
        String inline = "\"cert_chain\": " + JSON.writeValueAsString(server.certPem()) + ", \"private_key\": "
                + JSON.writeValueAsString(server.keyPem()) + ", \"ca_cert\": "
                + JSON.writeValueAsString(certs.ca().certPem()) + ", \"verify_client\": true, \"require_client_cert\": true";
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "10s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}]}]}],
                    "listeners": [
                      {"name": "https", "address": "127.0.0.1:0",
                       "filter_chains": [{"tls_context": {"status": true, %s, "alpn": "h2,http/1.1"},
                         "filters": [{"type": "proxy", "config": {"downstream_protocol": "Auto",
                           "upstream_protocol": "Http1", "router_config_name": "r"}}]}]},
                      {"name": "mtls", "address": "127.0.0.1:0",
                       "filter_chains": [{"tls_context": {"status": true, %s},
                         "filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                           "router_config_name": "r"}}]}]},
                      {"name": "both", "address": "127.0.0.1:0", "inspector": true,
                       "filter_chains": [{"tls_context": {"status": true, %s},
                         "filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                           "router_config_name": "r"}}]}]}
                    ]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "backend", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(files, inline, files, backendPort);
    }

    @BeforeAll
    @Timeout(120)
    static void start() throws Exception {
        certs = TestCertificates.create(dir);
        TestCertificates.Pair server = certs.issue("server", "localhost");
        client = certs.issue("client", "curl");
        executor = Executors.newCachedThreadPool();
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        backend.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = ("hello " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        backend.setExecutor(executor);
        backend.start();
        Distribution dist = Distribution.unpack(dir);
        mosn = dist.start("-c", dist.writeConfig("tls.json", config(backend.getAddress().getPort(), server)).toString());
        https = mosn.listenerPort("https");
        mtls = mosn.listenerPort("mtls");
        both = mosn.listenerPort("both");
        mosn.awaitStarted();
    }

    @AfterAll
    @Timeout(120)
    static void stop() throws Exception {
        try {
            if (mosn != null) {
                mosn.terminate();
                assertEquals(0, mosn.awaitExit(Duration.ofSeconds(40)));
                assertFalse(mosn.output().contains("LEAK:"), mosn.output());
            }
        } finally {
            if (mosn != null) {
                mosn.close();
            }
            if (backend != null) {
                backend.stop(0);
            }
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    private static Tools.Result curl(String... args) throws Exception {
        String[] command = new String[args.length + 4];
        command[0] = Tools.tool("curl");
        command[1] = "-sS";
        command[2] = "--max-time";
        command[3] = "20";
        System.arraycopy(args, 0, command, 4, args.length);
        return Tools.run(dir, CURL_TIMEOUT, command);
    }

    @Test
    void curlGetsHttp11AndHttp2ByAlpnOnOneListener() throws Exception {
        String url = "https://127.0.0.1:" + https + "/alpn";

        Tools.Result h1 = curl("--cacert", certs.ca().cert().toString(), "--http1.1", "-w", " %{http_version}", url);
        Tools.Result h2 = curl("--cacert", certs.ca().cert().toString(), "--http2", "-w", " %{http_version}", url);

        assertEquals(new Tools.Result(0, "hello /alpn 1.1"), h1);
        assertEquals(new Tools.Result(0, "hello /alpn 2"), h2);
    }

    @Test
    void opensslSClientNegotiatesH2() throws Exception {
        // Read as Latin-1: after the handshake s_client prints what the server sent, here HTTP/2's binary SETTINGS.
        Process process = new ProcessBuilder(Tools.tool("openssl"), "s_client", "-connect", "127.0.0.1:" + https,
                "-CAfile", certs.ca().cert().toString(), "-alpn", "h2", "-servername", "localhost")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), out);

        assertTrue(out.contains("ALPN protocol: h2"), out);
        assertTrue(out.contains("Verify return code: 0 (ok)"), out);
    }

    @Test
    void aClientThatDoesNotTrustTheCaFailsAndTheProxyLogsItOnce() throws Exception {
        Tools.Result out = curl("https://127.0.0.1:" + https + "/untrusted");

        assertEquals(60, out.exitCode(), out.output());
        mosn.awaitLine(l -> l.contains("listener https: TLS handshake with") && l.contains(" failed (")
                && !l.contains("(not TLS)"), Duration.ofSeconds(10));
    }

    @Test
    void plaintextOnTheTlsPortIsRefusedAndLogged() throws Exception {
        Tools.Result out = curl("http://127.0.0.1:" + https + "/plain");

        assertNotEquals(0, out.exitCode(), out.output());
        mosn.awaitLine(l -> l.contains("listener https: TLS handshake with") && l.contains("failed (not TLS)"),
                Duration.ofSeconds(10));
        JsonNode stats = stats("downstream.listener.https");
        assertTrue(stats.at("/downstream/listener.https/tls_not_tls").asLong() >= 1, stats.toString());
    }

    @Test
    void mutualTlsAcceptsTheClientCertificateAndRefusesNone() throws Exception {
        String url = "https://127.0.0.1:" + mtls + "/mtls";

        Tools.Result with = curl("--cacert", certs.ca().cert().toString(), "--cert", client.cert().toString(),
                "--key", client.key().toString(), url);
        Tools.Result without = curl("--cacert", certs.ca().cert().toString(), url);

        assertEquals(new Tools.Result(0, "hello /mtls"), with);
        assertNotEquals(0, without.exitCode(), without.output());
        mosn.awaitLine(l -> l.contains("listener mtls: TLS handshake with") && l.contains("failed (no client certificate)"),
                Duration.ofSeconds(10));
    }

    @Test
    void theInspectorTakesHttpsAndHttpOnOnePort() throws Exception {
        assertEquals(new Tools.Result(0, "hello /tls"),
                curl("--cacert", certs.ca().cert().toString(), "https://127.0.0.1:" + both + "/tls"));
        assertEquals(new Tools.Result(0, "hello /plain"), curl("http://127.0.0.1:" + both + "/plain"));
    }

    @Test
    void theAdminApiShowsTheEngineAndCountersAndNoPrivateKey() throws Exception {
        curl("--cacert", certs.ca().cert().toString(), "https://127.0.0.1:" + https + "/count");

        boolean bundledOpenSsl = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
        assertEquals(String.valueOf(bundledOpenSsl), admin("/api/v1/features?key=tls.openssl"));
        assertEquals(String.valueOf(!bundledOpenSsl), admin("/api/v1/features?key=tls.jdk"));
        JsonNode stats = stats("downstream.listener.https");
        assertTrue(stats.at("/downstream/listener.https/tls_handshake").asLong() >= 1, stats.toString());
        String dump = admin("/api/v1/config_dump?listener=mtls");
        assertTrue(dump.contains("***REDACTED***"), dump);
        assertFalse(dump.contains("PRIVATE KEY"), dump);
    }

    private static JsonNode stats(String key) throws Exception {
        return JSON.readTree(admin("/api/v1/stats?key=" + key));
    }

    private static String admin(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + mosn.adminPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
