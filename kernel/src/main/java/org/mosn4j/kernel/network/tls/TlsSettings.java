package org.mosn4j.kernel.network.tls;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mosn4j.kernel.config.TlsContextConfig;
import org.mosn4j.spi.config.ConfigException;

/**
 * A checked {@code tls_context}: where its certificate, key and CAs come from and how handshakes go. Errors
 * name the JSON path of the key at fault.
 *
 * @param side server (a listener's filter chain) or client (a cluster)
 * @param certChain this side's certificate chain, or null
 * @param privateKey this side's key, or null
 * @param caCert the CAs a peer must chain to, or null (client: the JDK's default trust store)
 * @param clientAuth server side: what is asked of clients
 * @param serverName server: an extra name the chain answers for; client: the name sent and verified
 * @param protocols the enabled protocol versions, in Java's names
 * @param cipherSuites IANA names, or empty for the engine's defaults
 * @param groups key exchange groups in OpenSSL's names, or empty for the defaults
 * @param alpn ALPN protocol ids, or empty for none
 * @param insecureSkip client side: accept any server certificate
 * @param handshakeTimeout how long a handshake may take
 * @param fallBack serve plaintext when the certificate cannot be loaded
 * @param ticketSecret 48 bytes the session ticket keys come from, or null for random ones
 */
record TlsSettings(
        Side side,
        PemSource certChain,
        PemSource privateKey,
        PemSource caCert,
        ClientAuthMode clientAuth,
        String serverName,
        List<String> protocols,
        List<String> cipherSuites,
        List<String> groups,
        List<String> alpn,
        boolean insecureSkip,
        Duration handshakeTimeout,
        boolean fallBack,
        byte[] ticketSecret) {

    /** The handshake timeout when {@code handshake_timeout} is absent. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final int DEFAULT_MIN = 2;
    private static final int DEFAULT_MAX = 3;
    private static final Map<String, String> GROUP_NAMES = Map.of(
            "x25519", "X25519", "p256", "P-256", "p384", "P-384", "p521", "P-521",
            "secp256r1", "P-256", "secp384r1", "P-384", "secp521r1", "P-521", "prime256v1", "P-256");

    /** Which end of the connection a context is for. */
    public enum Side {
        /** A listener: presents a certificate, may ask clients for one. */
        SERVER,
        /** A cluster: verifies servers, may present a client certificate. */
        CLIENT
    }

    /** MOSN's {@code verify_client} and {@code require_client_cert}, as Go's client auth types. */
    public enum ClientAuthMode {
        /** Neither key: no client certificate asked for. */
        NONE,
        /** {@code require_client_cert} alone: a certificate is asked for but neither required nor verified. */
        REQUEST,
        /** {@code verify_client} alone: a certificate given is verified; none is fine too. */
        VERIFY_IF_GIVEN,
        /** Both keys: a verified certificate is required. */
        REQUIRE_AND_VERIFY
    }

    /**
     * @param config the block
     * @param side server or client
     * @param path the block's JSON path
     * @return the settings
     * @throws ConfigException naming the offending key
     */
    public static TlsSettings parse(TlsContextConfig config, Side side, String path) throws ConfigException {
        if (config.sdsSource() != null && !config.sdsSource().isNull()) {
            throw new ConfigException(path + ".sds_source", "secret discovery (SDS) is not supported; give "
                    + "cert_chain and private_key as files or inline PEM");
        }
        PemSource certChain = source(config.certChain(), "cert_chain", path);
        PemSource privateKey = source(config.privateKey(), "private_key", path);
        PemSource caCert = source(config.caCert(), "ca_cert", path);
        if (certChain == null ^ privateKey == null) {
            String missing = certChain == null ? "cert_chain" : "private_key";
            throw new ConfigException(path + "." + missing, "cert_chain and private_key go together; "
                    + missing + " is missing");
        }
        boolean fallBack = Boolean.TRUE.equals(config.fallBack());
        if (side == Side.SERVER && certChain == null && !fallBack) {
            throw new ConfigException(path + ".cert_chain", "a listener's TLS needs cert_chain and private_key "
                    + "(inline PEM or file paths)");
        }
        if (certChain != null && certChain.inline() != null && certChain.inline().contains("PRIVATE KEY-----")) {
            throw new ConfigException(path + ".cert_chain", "cert_chain holds a private key; put the key in "
                    + "private_key (which the admin API never shows)");
        }
        boolean verify = Boolean.TRUE.equals(config.verifyClient());
        boolean require = Boolean.TRUE.equals(config.requireClientCert());
        ClientAuthMode clientAuth = verify && require ? ClientAuthMode.REQUIRE_AND_VERIFY
                : verify ? ClientAuthMode.VERIFY_IF_GIVEN : require ? ClientAuthMode.REQUEST : ClientAuthMode.NONE;
        if (side == Side.SERVER && verify && caCert == null) {
            throw new ConfigException(path + ".ca_cert", "verify_client needs ca_cert, the CAs client certificates "
                    + "must chain to");
        }
        int min = version(config.minVersion(), DEFAULT_MIN, path + ".min_version");
        int max = version(config.maxVersion(), DEFAULT_MAX, path + ".max_version");
        if (min > max) {
            throw new ConfigException(path + ".min_version", "min_version " + VERSIONS.get(min)
                    + " is above max_version " + VERSIONS.get(max));
        }
        List<String> cipherSuites;
        try {
            cipherSuites = CipherSuites.parse(config.cipherSuites());
        } catch (TlsMaterialException e) {
            throw new ConfigException(path + ".cipher_suites", e.getMessage());
        }
        Duration timeout = config.handshakeTimeout() == null ? DEFAULT_HANDSHAKE_TIMEOUT : config.handshakeTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException(path + ".handshake_timeout", "expected a duration above 0s, such as \"10s\"");
        }
        String serverName = config.serverName() == null || config.serverName().isBlank()
                ? null : config.serverName().trim().toLowerCase(Locale.ROOT);
        return new TlsSettings(side, certChain, privateKey, caCert, clientAuth, serverName,
                List.copyOf(VERSIONS.subList(min, max + 1)), List.copyOf(cipherSuites),
                groups(config.ecdhCurves(), path + ".ecdh_curves"), alpn(config.alpn(), path + ".alpn"),
                Boolean.TRUE.equals(config.insecureSkip()), timeout, fallBack, ticketSecret(config.ticket()));
    }

    private static PemSource source(String value, String field, String path) throws ConfigException {
        PemSource source = PemSource.of(value, field);
        if (source != null && source.isFile() && !Files.isReadable(source.file())) {
            throw new ConfigException(path + "." + field, "expected inline PEM or a readable file, got \"" + value
                    + "\" (" + source.file() + " " + (Files.exists(source.file()) ? "is not readable" : "does not exist")
                    + ")");
        }
        return source;
    }

    private static int version(String text, int fallback, String path) throws ConfigException {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String key = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "").replaceFirst("^tlsv?", "");
        return switch (key) {
            case "auto" -> fallback;
            case "10" -> 0;
            case "11" -> 1;
            case "12" -> 2;
            case "13" -> 3;
            default -> throw new ConfigException(path, "expected TLS_AUTO, TLSv1_0, TLSv1_1, TLSv1_2 or TLSv1_3, got \""
                    + text + "\"");
        };
    }

    private static List<String> groups(String text, String path) throws ConfigException {
        List<String> groups = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return groups;
        }
        for (String name : text.trim().split("[,:\\s]+")) {
            String group = GROUP_NAMES.get(name.toLowerCase(Locale.ROOT).replace("-", ""));
            if (group == null) {
                throw new ConfigException(path, "unknown curve \"" + name + "\" (supported: x25519, p256, p384, p521)");
            }
            groups.add(group);
        }
        return List.copyOf(groups);
    }

    private static List<String> alpn(JsonNode node, String path) throws ConfigException {
        List<String> ids = new ArrayList<>();
        if (node == null || node.isNull()) {
            return ids;
        }
        if (node.isTextual()) {
            for (String id : node.asText().split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
                    throw new ConfigException(path + "[" + i + "]", "expected a protocol id such as \"h2\"");
                }
                ids.add(node.get(i).asText().trim());
            }
        } else {
            throw new ConfigException(path, "expected protocol ids such as \"h2,http/1.1\" or [\"h2\", \"http/1.1\"]");
        }
        return List.copyOf(ids);
    }

    private static byte[] ticketSecret(String ticket) {
        if (ticket == null || ticket.isEmpty()) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-384").digest(ticket.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is missing from this JDK", e);
        }
    }

    /** @return whether this side presents a certificate */
    public boolean hasCertificate() {
        return certChain != null;
    }

    /** @return the sources that are files, which are watched for changes */
    List<PemSource> files() {
        List<PemSource> files = new ArrayList<>(3);
        for (PemSource source : new PemSource[] {certChain, privateKey, caCert}) {
            if (source != null && source.isFile()) {
                files.add(source);
            }
        }
        return files;
    }
}
