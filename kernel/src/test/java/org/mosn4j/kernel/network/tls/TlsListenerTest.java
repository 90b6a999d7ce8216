package org.mosn4j.kernel.network.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.network.tls.TlsTesting.awaitListenerStat;
import static org.mosn4j.kernel.network.tls.TlsTesting.chain;
import static org.mosn4j.kernel.network.tls.TlsTesting.config;
import static org.mosn4j.kernel.network.tls.TlsTesting.listener;
import static org.mosn4j.kernel.network.tls.TlsTesting.quote;
import static org.mosn4j.kernel.network.tls.TlsTesting.sClient;
import static org.mosn4j.kernel.network.tls.TlsTesting.serverTls;
import static org.mosn4j.kernel.network.tls.TlsTesting.stat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;

/**
 * A listener's TLS with real clients (the JDK's and openssl s_client) against the echo filter: handshakes and
 * data, chains chosen by SNI, mutual TLS, plaintext on one port with the inspector, session resumption,
 * certificates replaced on disk, and the bad cases (plaintext on a TLS port, a handshake that never ends, a
 * client certificate missing or from an unknown CA), each of which ends only its own connection.
 */
@Timeout(60)
class TlsListenerTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static TestCertificates.Pair server;
    private static TestCertificates.Pair client;
    private static SSLContext trusting;
    private Mosn4jServer mosn;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
        server = certs.issue("server", "localhost");
        client = certs.issue("client", "a client");
        trusting = TlsClient.context(certs.ca().cert(), null);
    }

    @AfterEach
    void stop() {
        if (mosn != null) {
            mosn.stopNow();
        }
    }

    private InetSocketAddress start(String... listeners) throws Exception {
        mosn = EchoPlugin.start(dir, config(String.join(", ", listeners), ""));
        return mosn.listenerAddress("l");
    }

    @Test
    void echoesOverTlsAndCountsTheHandshake() throws Exception {
        InetSocketAddress address = start(listener("l", "", chain("greeting-tls", serverTls(server, ""))));

        try (TlsClient c = TlsClient.connect(trusting, address, null)) {
            assertEquals("greeting-tls", c.readLine());
            assertEquals("ping", c.echo("ping"));
            assertEquals("CN=localhost", c.serverCertificate().getSubjectX500Principal().getName());
        }

        assertEquals(1, stat(mosn, "downstream", "listener.l", "tls_handshake"));
        assertEquals(0, stat(mosn, "downstream", "listener.l", "tls_handshake_failed"));
    }

    @Test
    void opensslSClientVerifiesTheChainAndEchoes() throws Exception {
        InetSocketAddress address = start(listener("l", "", chain("greeting-openssl", serverTls(server, ""))));

        String out = sClient(certs, address, "hello-from-s_client", o -> o.contains("\nhello-from-s_client\n"),
                "-CAfile", certs.ca().cert().toString(), "-servername", "localhost", "-verify_return_error");

        assertTrue(out.contains("Verify return code: 0 (ok)"), out);
        assertTrue(out.contains("\nhello-from-s_client\n"), out);
    }

    @Test
    void chainsAreChosenByServerNameAndTheFirstIsTheDefault() throws Exception {
        TestCertificates.Pair a = certs.issue("a", "a.example.test", "a.example.test");
        TestCertificates.Pair b = certs.issue("b", "b.example.test", "b.example.test");
        InetSocketAddress address = start(listener("l", "",
                chain("greeting-a", serverTls(a, ", \"server_name\": \"a.example.test\"")),
                chain("greeting-b", serverTls(b, ", \"server_name\": \"*.wild.test\""))));

        assertEquals("greeting-a", greetingFor(address, "a.example.test"));
        assertEquals("greeting-b", greetingFor(address, "b.example.test"));
        assertEquals("greeting-b", greetingFor(address, "x.wild.test"));
        assertEquals("greeting-a", greetingFor(address, "nobody.example.test"));
        assertEquals("greeting-a", greetingFor(address, null));
    }

    /** A new client context each time: the JDK's client resumes a cached session with that session's SNI. */
    private static String greetingFor(InetSocketAddress address, String serverName) throws Exception {
        try (TlsClient c = TlsClient.connect(TlsClient.context(certs.ca().cert(), null), address, serverName)) {
            return c.readLine();
        }
    }

    @Test
    void mutualTlsTakesAVerifiedClientAndRefusesOthers() throws Exception {
        String mtls = ", \"ca_cert\": " + quote(certs.ca().cert().toString())
                + ", \"verify_client\": true, \"require_client_cert\": true";
        InetSocketAddress address = start(listener("l", "", chain("greeting-mtls", serverTls(server, mtls))));

        try (TlsClient c = TlsClient.connect(TlsClient.context(certs.ca().cert(), client), address, null)) {
            assertEquals("greeting-mtls", c.readLine());
        }
        assertRefused(address, trusting);
        awaitListenerStat(mosn, "l", "tls_fail_verify_no_cert", v -> v == 1);
        // The JDK's client sends no certificate the server's CA list does not name, so openssl presents this one.
        TestCertificates.Pair stranger = certs.issueUntrusted("stranger", "stranger");
        String out = sClient(certs, address, null, o -> false, "-CAfile", certs.ca().cert().toString(),
                "-cert", stranger.cert().toString(), "-key", stranger.key().toString());
        assertTrue(!out.contains("greeting-mtls"), out);
        awaitListenerStat(mosn, "l", "tls_fail_verify_error", v -> v == 1);
        assertEquals(2, stat(mosn, "downstream", "listener.l", "tls_handshake_failed"));
        assertEquals(1, stat(mosn, "downstream", "listener.l", "tls_handshake"));
    }

    /** With TLS 1.3 the client's handshake ends before the server judges its certificate: the refusal shows on reading. */
    private static void assertRefused(InetSocketAddress address, SSLContext context) {
        assertThrows(IOException.class, () -> {
            try (TlsClient c = TlsClient.connect(context, address, null)) {
                if (c.readLine() == null) {
                    throw new IOException("closed");
                }
            }
        });
    }

    @Test
    void aPlaintextClientOnATlsPortIsClosedAndCounted() throws Exception {
        InetSocketAddress address = start(listener("l", "", chain("greeting-tls", serverTls(server, ""))));

        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, readToEnd(socket.getInputStream()));
        }

        awaitListenerStat(mosn, "l", "tls_not_tls", v -> v == 1);
        try (TlsClient c = TlsClient.connect(trusting, address, null)) {
            assertEquals("greeting-tls", c.readLine());
        }
    }

    /** Reads until the end, skipping whatever the server sent (an alert), and returns -1 at the end. */
    private static int readToEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (n == 0) {
                break;
            }
        }
        return n;
    }

    @Test
    void aHandshakeThatNeverEndsTimesOut() throws Exception {
        InetSocketAddress address = start(listener("l", "",
                chain("greeting-tls", serverTls(server, ", \"handshake_timeout\": \"300ms\""))));

        try (Socket silent = new Socket(); Socket partial = new Socket()) {
            long start = System.nanoTime();
            silent.connect(address, 5_000);
            silent.setSoTimeout(10_000);
            partial.connect(address, 5_000);
            partial.setSoTimeout(10_000);
            partial.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x50, 0x01});
            assertEquals(-1, readToEnd(silent.getInputStream()));
            assertEquals(-1, readToEnd(partial.getInputStream()));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 250, "closed after " + millis + " ms");
        }

        awaitListenerStat(mosn, "l", "tls_handshake_timeout", v -> v == 2);
    }

    @Test
    void theInspectorTakesTlsAndPlaintextOnOnePort() throws Exception {
        InetSocketAddress address = start(listener("l", ", \"inspector\": true",
                chain("greeting-tls", serverTls(server, "")), chain("greeting-plain", null)));

        try (Socket plain = new Socket()) {
            plain.connect(address, 5_000);
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            byte[] expected = "greeting-plain\nhi\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(new String(expected), new String(plain.getInputStream().readNBytes(expected.length)));
        }
        try (TlsClient c = TlsClient.connect(trusting, address, null)) {
            assertEquals("greeting-tls", c.readLine());
            assertEquals("ping", c.echo("ping"));
        }

        assertEquals(1, stat(mosn, "downstream", "listener.l", "tls_plaintext"));
        assertEquals(1, stat(mosn, "downstream", "listener.l", "tls_handshake"));
    }

    @Test
    void sessionsAreResumed() throws Exception {
        InetSocketAddress address = start(listener("l", "", chain("greeting-tls", serverTls(server, ""))));
        Path session = dir.resolve("session.pem");
        Files.deleteIfExists(session);

        String first = sClient(certs, address, null, o -> o.contains("greeting-tls"),
                "-CAfile", certs.ca().cert().toString(), "-sess_out", session.toString());
        assertTrue(first.contains("greeting-tls"), first);
        String second = sClient(certs, address, null, o -> o.contains("greeting-tls"),
                "-CAfile", certs.ca().cert().toString(), "-sess_in", session.toString());

        assertTrue(second.contains("Reused, TLSv1.3"), second);
        assertEquals(1, stat(mosn, "downstream", "listener.l", "tls_session_reused"));
    }

    @Test
    void replacedCertificateFilesServeNewConnectionsAndOpenOnesGoOn() throws Exception {
        Path cert = dir.resolve("live.crt");
        Path key = dir.resolve("live.key");
        TestCertificates.Pair first = certs.issue("first", "first");
        TestCertificates.Pair second = certs.issue("second", "second");
        Files.copy(first.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(first.key(), key, StandardCopyOption.REPLACE_EXISTING);
        InetSocketAddress address = start(listener("l", "",
                chain("greeting-tls", serverTls(new TestCertificates.Pair(cert, key), ""))));

        try (TlsClient open = TlsClient.connect(trusting, address, null)) {
            assertEquals("greeting-tls", open.readLine());
            assertEquals("CN=first", open.serverCertificate().getSubjectX500Principal().getName());

            Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(second.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String subject;
            do {
                assertTrue(System.nanoTime() < deadline, "the new certificate was not picked up");
                Thread.sleep(50);
                try (TlsClient c = TlsClient.connect(trusting, address, null)) {
                    subject = c.serverCertificate().getSubjectX500Principal().getName();
                }
            } while (!subject.equals("CN=second"));

            assertEquals("still here", open.echo("still here"));
        }

        Files.copy(first.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        TlsFileWatcher.instance().checkAll();
        try (TlsClient c = TlsClient.connect(trusting, address, null)) {
            assertEquals("CN=second", c.serverCertificate().getSubjectX500Principal().getName(),
                    "a certificate that does not match the key is not taken");
        }
    }

    @Test
    void inlinePemWorksAndTheAdminApiHidesTheKeyAndShowsTheEngine() throws Exception {
        String inline = "{\"status\": true, \"cert_chain\": " + quote(server.certPem()) + ", \"private_key\": "
                + quote(server.keyPem()) + "}";
        InetSocketAddress address = start(listener("l", "", chain("greeting-inline", inline)));

        try (TlsClient c = TlsClient.connect(trusting, address, null)) {
            assertEquals("greeting-inline", c.readLine());
        }
        String dump = get("/api/v1/config_dump");
        assertTrue(dump.contains("***REDACTED***"), dump);
        assertTrue(!dump.contains("PRIVATE KEY"), dump);
        assertTrue(dump.contains("BEGIN CERTIFICATE"), dump);
        String engine = TlsEngine.current() == TlsEngine.OPENSSL ? "tls.openssl" : "tls.jdk";
        assertEquals("true", get("/api/v1/features?key=" + engine));
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + mosn.adminAddress().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
