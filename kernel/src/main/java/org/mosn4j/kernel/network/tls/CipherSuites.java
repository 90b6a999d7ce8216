package org.mosn4j.kernel.network.tls;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.OpenSsl;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Turns the names of {@code cipher_suites} into the IANA (Java) names both engines take. Accepted: MOSN's
 * names (which differ from OpenSSL's for the TLS 1.3 suites and the CHACHA20 ones), IANA names, and OpenSSL
 * names.
 */
final class CipherSuites {

    /** MOSN's names, as its docs list them, and what they stand for. */
    private static final Map<String, String> MOSN_NAMES = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-WITH-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-WITH-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-AES256-CBC-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-CBC-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES256-CBC-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES128-CBC-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("RSA-AES256-CBC-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("RSA-AES128-CBC-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-3DES-EDE-CBC-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
            Map.entry("RSA-3DES-EDE-CBC-SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA"),
            Map.entry("AES256-GCM-SHA384", "TLS_AES_256_GCM_SHA384"),
            Map.entry("AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"));

    private static volatile Set<String> known;

    private CipherSuites() {
    }

    /** @return the IANA names either engine knows of (not all of them enabled by default) */
    private static Set<String> known() {
        Set<String> names = known;
        if (names == null) {
            Set<String> all = new HashSet<>();
            try {
                all.addAll(List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
            if (OpenSsl.isAvailable()) {
                all.addAll(OpenSsl.availableJavaCipherSuites());
            }
            all.addAll(MOSN_NAMES.values());
            known = names = Set.copyOf(all);
        }
        return names;
    }

    /**
     * @param text names separated by {@code :}, {@code ,} or spaces
     * @return the IANA names, in order; empty for the engine's defaults
     * @throws TlsMaterialException naming a suite no naming scheme knows
     */
    static List<String> parse(String text) throws TlsMaterialException {
        List<String> suites = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return suites;
        }
        for (String name : text.trim().split("[:,\\s]+")) {
            String iana = MOSN_NAMES.get(name);
            if (iana == null && (name.startsWith("TLS_") || name.startsWith("SSL_"))) {
                iana = name;
            }
            if (iana == null) {
                iana = CipherSuiteConverter.toJava(name, "TLS");
            }
            if (iana == null || !known().contains(iana)) {
                throw new TlsMaterialException("cipher_suites", "unknown cipher suite \"" + name
                        + "\" (use MOSN's, OpenSSL's or IANA names, such as ECDHE-RSA-AES128-GCM-SHA256)");
            }
            suites.add(iana);
        }
        return suites;
    }
}
