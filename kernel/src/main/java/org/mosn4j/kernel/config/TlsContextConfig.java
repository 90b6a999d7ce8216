package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * MOSN's {@code tls_context}, on a listener's filter chain (the server side) or on a cluster (the client side).
 * An absent, empty or {@code "status": false} context means plaintext. Certificates, keys and CAs are inline
 * PEM or file paths (relative paths from the working directory), as in MOSN. Checked and turned into TLS
 * settings by {@code org.mosn4j.kernel.network.tls.TlsSettings}.
 *
 * @param status whether TLS is on
 * @param type MOSN's name of a config-hook extension; only the default (empty) is supported
 * @param serverName server side: the name this chain answers for (besides its certificate's names); client
 *                   side: the name sent as SNI and verified in the server's certificate
 * @param caCert the CAs a peer's certificate must chain to
 * @param certChain this side's certificate chain
 * @param privateKey this side's private key (PKCS#8, PKCS#1 RSA or SEC1 EC PEM)
 * @param verifyClient server side: verify a client certificate against {@code ca_cert}
 * @param requireClientCert server side: ask for a client certificate (with {@code verify_client}: require one)
 * @param insecureSkip client side: do not verify the server's certificate
 * @param cipherSuites cipher suites separated by {@code :} or {@code ,}, in MOSN's, OpenSSL's or IANA names
 * @param ecdhCurves key exchange groups separated by {@code ,} (OpenSSL engine only)
 * @param minVersion lowest protocol version: {@code TLS_AUTO}, {@code TLSv1_0} ... {@code TLSv1_3}
 * @param maxVersion highest protocol version
 * @param alpn ALPN protocol ids: a comma-separated string as in MOSN, or an array
 * @param ticket a secret the session ticket keys are derived from, so processes sharing it resume each
 *               other's sessions; random per process when absent
 * @param fallBack on a certificate that cannot be loaded: serve plaintext (with an error logged) instead of
 *                 failing the config
 * @param sdsSource MOSN's secret discovery source; not supported
 * @param extendVerify MOSN's config-hook settings; not supported
 * @param handshakeTimeout how long a handshake may take (mosn4j's own key); 10s when absent
 */
public record TlsContextConfig(
        Boolean status,
        String type,
        String serverName,
        String caCert,
        String certChain,
        String privateKey,
        Boolean verifyClient,
        Boolean requireClientCert,
        Boolean insecureSkip,
        String cipherSuites,
        String ecdhCurves,
        String minVersion,
        String maxVersion,
        JsonNode alpn,
        String ticket,
        Boolean fallBack,
        JsonNode sdsSource,
        JsonNode extendVerify,
        Duration handshakeTimeout) {

    /** @return whether TLS is switched on */
    public boolean enabled() {
        return status != null && status;
    }
}
