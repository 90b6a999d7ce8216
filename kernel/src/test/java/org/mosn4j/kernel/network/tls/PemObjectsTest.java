package org.mosn4j.kernel.network.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.config.TlsContextConfig;
import org.mosn4j.spi.config.ConfigBinder;

/** Keys in the forms OpenSSL and Go write: PKCS#8, PKCS#1 RSA and SEC1 EC, each checked against its certificate. */
class PemObjectsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
    }

    private static TlsMaterial load(Path cert, Path key) throws Exception {
        String json = "{\"status\": true, \"cert_chain\": " + TlsTesting.quote(cert.toString()) + ", \"private_key\": "
                + TlsTesting.quote(key.toString()) + "}";
        TlsContextConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree(json),
                TlsContextConfig.class, "tls_context");
        return TlsMaterial.load(TlsSettings.parse(config, TlsSettings.Side.SERVER, "tls_context"));
    }

    private static Path selfSigned(String name, Path key) throws Exception {
        Path cert = dir.resolve(name + ".crt");
        certs.run("req", "-x509", "-key", key.toString(), "-out", cert.toString(), "-subj", "/CN=" + name, "-days", "1");
        return cert;
    }

    @Test
    void pkcs1RsaKeysAreRead() throws Exception {
        Path key = dir.resolve("rsa.key");
        certs.run("genrsa", "-traditional", "-out", key.toString(), "2048");
        assertTrue(Files.readString(key).contains("BEGIN RSA PRIVATE KEY"));

        TlsMaterial material = load(selfSigned("rsa", key), key);

        assertEquals("RSA", material.key().getAlgorithm());
    }

    @Test
    void sec1EcKeysAreRead() throws Exception {
        Path key = dir.resolve("ec.key");
        certs.run("ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
        assertTrue(Files.readString(key).contains("BEGIN EC PARAMETERS"));
        assertTrue(Files.readString(key).contains("BEGIN EC PRIVATE KEY"));

        TlsMaterial material = load(selfSigned("ec", key), key);

        assertEquals("EC", material.key().getAlgorithm());
    }

    @Test
    void pkcs8KeysAreReadAndAKeyOfAnotherTypeDoesNotMatch() throws Exception {
        TestCertificates.Pair pair = certs.issue("pkcs8", "pkcs8");
        assertEquals("EC", load(pair.cert(), pair.key()).key().getAlgorithm());

        Path rsa = dir.resolve("other-rsa.key");
        certs.run("genpkey", "-algorithm", "RSA", "-out", rsa.toString());
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> load(pair.cert(), rsa));
        assertEquals("private_key", e.field());
    }

    @Test
    void anEncryptedKeyIsRefusedWithAHint() throws Exception {
        TestCertificates.Pair pair = certs.issue("enc", "enc");
        Path encrypted = dir.resolve("enc-encrypted.key");
        certs.run("pkcs8", "-topk8", "-in", pair.key().toString(), "-out", encrypted.toString(), "-passout", "pass:x");

        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> load(pair.cert(), encrypted));

        assertTrue(e.getMessage().contains("openssl pkey"), e.getMessage());
    }
}
