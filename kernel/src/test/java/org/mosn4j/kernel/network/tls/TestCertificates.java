package org.mosn4j.kernel.network.tls;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Certificates and keys made at test time with the {@code openssl} command (none is committed): a test CA, a
 * second CA nobody trusts, and leaf certificates signed by either. Every leaf can serve and authenticate as a
 * client. Without openssl the test is skipped, except under {@code CI=true}, where it fails.
 */
public final class TestCertificates {

    private final Path dir;
    private final Path openssl;
    private final Pair ca;
    private final Pair otherCa;

    /**
     * A certificate and its key, as PEM files.
     *
     * @param cert the certificate file
     * @param key the private key file (PKCS#8)
     */
    public record Pair(Path cert, Path key) {

        /** @return the certificate's PEM text */
        public String certPem() throws IOException {
            return Files.readString(cert);
        }

        /** @return the key's PEM text */
        public String keyPem() throws IOException {
            return Files.readString(key);
        }
    }

    private TestCertificates(Path dir, Path openssl) throws IOException, InterruptedException {
        this.dir = dir;
        this.openssl = openssl;
        this.ca = newCa("ca", "mosn4j test CA");
        this.otherCa = newCa("other-ca", "an untrusted CA");
    }

    /**
     * Makes the two CAs in {@code dir}.
     *
     * @param dir a directory of the test's
     */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        return new TestCertificates(dir, openssl());
    }

    /** @return the path of the openssl command; aborts the test when it is missing (fails it under CI) */
    public static Path openssl() {
        String path = System.getenv("PATH");
        for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "openssl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("openssl is not installed; .ci/run installs it");
        }
        Assumptions.abort("openssl is not installed; install it to run this test");
        return null;
    }

    /** @return the test CA's certificate and key */
    public Pair ca() {
        return ca;
    }

    /** @return the CA nobody trusts */
    public Pair otherCa() {
        return otherCa;
    }

    /**
     * Issues a leaf certificate signed by the test CA, valid for a day, for 127.0.0.1, localhost and
     * {@code dnsNames}.
     *
     * @param name file name stem
     * @param commonName the subject's CN
     * @param dnsNames extra DNS names
     */
    public Pair issue(String name, String commonName, String... dnsNames) throws IOException, InterruptedException {
        return issue(ca, name, commonName, 1, dnsNames);
    }

    /** Issues a leaf certificate signed by the CA nobody trusts. */
    public Pair issueUntrusted(String name, String commonName) throws IOException, InterruptedException {
        return issue(otherCa, name, commonName, 1);
    }

    /** Issues a certificate of the test CA whose validity ended a day before it starts: expired. */
    public Pair issueExpired(String name, String commonName) throws IOException, InterruptedException {
        return issue(ca, name, commonName, -1);
    }

    private Pair newCa(String name, String commonName) throws IOException, InterruptedException {
        Pair pair = new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", pair.key().toString(), "-out", pair.cert().toString(), "-days", "2",
                "-subj", "/CN=" + commonName, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return pair;
    }

    private Pair issue(Pair issuer, String name, String commonName, int days, String... dnsNames)
            throws IOException, InterruptedException {
        Pair pair = new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        Path request = dir.resolve(name + ".csr");
        Path extensions = dir.resolve(name + ".ext");
        StringBuilder san = new StringBuilder("subjectAltName=IP:127.0.0.1,DNS:localhost");
        for (String dns : dnsNames) {
            san.append(",DNS:").append(dns);
        }
        Files.writeString(extensions, san + "\nextendedKeyUsage=serverAuth,clientAuth\n"
                + "basicConstraints=critical,CA:FALSE\n");
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", pair.key().toString(),
                "-out", request.toString(), "-subj", "/CN=" + commonName);
        run("x509", "-req", "-in", request.toString(), "-CA", issuer.cert().toString(), "-CAkey",
                issuer.key().toString(), "-CAcreateserial", "-out", pair.cert().toString(), "-days",
                Integer.toString(days), "-extfile", extensions.toString());
        return pair;
    }

    /**
     * Runs openssl with arguments in the certificate directory.
     *
     * @return its combined output
     * @throws IOException when it fails
     */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + new String(output));
        }
        return new String(output);
    }

    /** @return the directory the files are in */
    public Path dir() {
        return dir;
    }
}
