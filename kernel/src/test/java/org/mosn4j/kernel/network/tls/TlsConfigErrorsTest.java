package org.mosn4j.kernel.network.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.network.tls.TlsTesting.chain;
import static org.mosn4j.kernel.network.tls.TlsTesting.config;
import static org.mosn4j.kernel.network.tls.TlsTesting.listener;
import static org.mosn4j.kernel.network.tls.TlsTesting.quote;
import static org.mosn4j.kernel.network.tls.TlsTesting.serverTls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.spi.config.ConfigException;

/** Bad {@code tls_context} blocks stop startup with the JSON path of the key at fault and what to do. */
class TlsConfigErrorsTest {

    private static final String CHAIN = "servers[0].listeners[0].filter_chains[0]";

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static TestCertificates.Pair server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
        server = certs.issue("server", "localhost");
        EchoPlugin.start(dir, config(listener("l", "", chain("warm-up", null)), "")).stopNow();
    }

    private static ConfigException onlyProblem(String json) throws Exception {
        PluginHost host = PluginHost.load(dir.resolve("plugins"));
        try {
            List<ConfigException> problems = assertThrows(InvalidConfigException.class,
                    () -> Mosn4jServer.prepare(ConfigLoader.parse(json, null), host)).problems();
            assertEquals(1, problems.size(), problems.toString());
            return problems.get(0);
        } finally {
            host.stop();
        }
    }

    private static ConfigException listenerProblem(String tlsContext) throws Exception {
        return onlyProblem(config(listener("l", "", chain("g", tlsContext)), ""));
    }

    private static void assertProblem(ConfigException e, String path, String messagePart) {
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void aListenerNeedsACertificate() throws Exception {
        assertProblem(listenerProblem("{\"status\": true}"), CHAIN + ".tls_context.cert_chain",
                "a listener's TLS needs cert_chain and private_key");
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        ConfigException e = listenerProblem("{\"status\": true, \"cert_chain\": \"/nonexistent/cert.pem\", "
                + "\"private_key\": " + quote(server.key().toString()) + "}");
        assertProblem(e, CHAIN + ".tls_context.cert_chain", "/nonexistent/cert.pem does not exist");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        TestCertificates.Pair other = certs.issue("other", "other");
        ConfigException e = listenerProblem(serverTls(new TestCertificates.Pair(server.cert(), other.key()), ""));
        assertProblem(e, CHAIN + ".tls_context.private_key", "does not belong to the first certificate");
    }

    @Test
    void pemWithoutACertificateIsRefused() throws Exception {
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello");
        ConfigException e = listenerProblem("{\"status\": true, \"cert_chain\": " + quote(notPem.toString())
                + ", \"private_key\": " + quote(server.key().toString()) + "}");
        assertProblem(e, CHAIN + ".tls_context.cert_chain", "no -----BEGIN CERTIFICATE----- block found");
    }

    @Test
    void aPrivateKeyInsideCertChainIsRefusedSoTheAdminApiCannotShowIt() throws Exception {
        String both = server.certPem() + server.keyPem();
        ConfigException e = listenerProblem("{\"status\": true, \"cert_chain\": " + quote(both)
                + ", \"private_key\": " + quote(server.keyPem()) + "}");
        assertProblem(e, CHAIN + ".tls_context.cert_chain", "cert_chain holds a private key");
    }

    @Test
    void versionsAndCiphersAreChecked() throws Exception {
        assertProblem(listenerProblem(serverTls(server, ", \"min_version\": \"TLSv9\"")),
                CHAIN + ".tls_context.min_version", "expected TLS_AUTO, TLSv1_0, TLSv1_1, TLSv1_2 or TLSv1_3");
        assertProblem(listenerProblem(serverTls(server, ", \"min_version\": \"TLSv1_3\", \"max_version\": \"TLSv1_2\"")),
                CHAIN + ".tls_context.min_version", "is above max_version");
        assertProblem(listenerProblem(serverTls(server, ", \"cipher_suites\": \"NOT-A-CIPHER\"")),
                CHAIN + ".tls_context.cipher_suites", "unknown cipher suite \"NOT-A-CIPHER\"");
    }

    @Test
    void verifyClientNeedsCas() throws Exception {
        assertProblem(listenerProblem(serverTls(server, ", \"verify_client\": true")),
                CHAIN + ".tls_context.ca_cert", "verify_client needs ca_cert");
    }

    @Test
    void aPlaintextChainBesideTlsOnesNeedsTheInspector() throws Exception {
        ConfigException e = onlyProblem(config(listener("l", "",
                chain("a", serverTls(server, "")), chain("b", null)), ""));
        assertProblem(e, "servers[0].listeners[0].filter_chains[1].tls_context", "set \"inspector\": true");
    }

    @Test
    void severalChainsWithoutTlsAreRefused() throws Exception {
        ConfigException e = onlyProblem(config(listener("l", "", chain("a", null), chain("b", null)), ""));
        assertProblem(e, "servers[0].listeners[0].filter_chains", "expected one filter chain, got 2");
    }

    @Test
    void aClusterTlsContextIsCheckedToo() throws Exception {
        ConfigException e = onlyProblem(config("", """
                {"name": "c", "tls_context": {"status": true, "ca_cert": "/nonexistent/ca.pem"},
                 "hosts": [{"address": "127.0.0.1:1"}]}
                """));
        assertProblem(e, "cluster_manager.clusters[0].tls_context.ca_cert", "does not exist");
    }

    @Test
    void fallBackServesPlaintextWhenTheCertificateCannotBeLoaded() throws Exception {
        TestCertificates.Pair other = certs.issue("fallback-other", "other");
        Mosn4jServer mosn = EchoPlugin.start(dir, config(listener("l", "", chain("g",
                serverTls(new TestCertificates.Pair(server.cert(), other.key()), ", \"fall_back\": true"))), ""));
        try {
            try (java.net.Socket plain = new java.net.Socket()) {
                plain.connect(mosn.listenerAddress("l"), 5_000);
                plain.setSoTimeout(10_000);
                assertEquals("g\n", new String(plain.getInputStream().readNBytes(2)));
            }
        } finally {
            mosn.stopNow();
        }
    }
}
