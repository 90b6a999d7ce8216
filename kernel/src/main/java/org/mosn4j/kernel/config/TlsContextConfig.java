package org.mosn4j.kernel.config;

/**
 * MOSN's {@code tls_context}. Only {@code status} is read so far: an empty or disabled context (as in MOSN's
 * dubbo samples) is plaintext.
 */
public record TlsContextConfig(Boolean status) {

    /** @return whether TLS is switched on */
    public boolean enabled() {
        return status != null && status;
    }
}
