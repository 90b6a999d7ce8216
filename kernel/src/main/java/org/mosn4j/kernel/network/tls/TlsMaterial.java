package org.mosn4j.kernel.network.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate chain, key and CAs of one {@code tls_context}, read and checked: the key must belong to the
 * first certificate of the chain.
 *
 * @param chain this side's chain, leaf first, or null
 * @param key this side's key, or null
 * @param cas the CAs a peer must chain to, or null
 */
record TlsMaterial(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> cas) {

    private static final byte[] PROBE = "mosn4j key check".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads every source of {@code settings} now.
     *
     * @throws TlsMaterialException naming the key at fault
     */
    static TlsMaterial load(TlsSettings settings) throws TlsMaterialException {
        List<X509Certificate> chain = null;
        PrivateKey key = null;
        if (settings.certChain() != null) {
            try {
                chain = PemObjects.certificates(read(settings.certChain()));
            } catch (TlsMaterialException e) {
                throw e.in("cert_chain");
            }
            try {
                key = PemObjects.privateKey(read(settings.privateKey()));
            } catch (TlsMaterialException e) {
                throw e.in("private_key");
            }
            if (!matches(key, chain.get(0))) {
                throw new TlsMaterialException("private_key", "the private key does not belong to the first "
                        + "certificate of cert_chain (" + chain.get(0).getSubjectX500Principal().getName() + ")");
            }
        }
        List<X509Certificate> cas = null;
        if (settings.caCert() != null) {
            try {
                cas = PemObjects.certificates(read(settings.caCert()));
            } catch (TlsMaterialException e) {
                throw e.in("ca_cert");
            }
        }
        return new TlsMaterial(chain, key, cas);
    }

    private static String read(PemSource source) throws TlsMaterialException {
        try {
            return source.read();
        } catch (IOException e) {
            throw new TlsMaterialException(source.field(), "cannot read " + source.describe() + ": " + e);
        } catch (RuntimeException e) {
            throw new TlsMaterialException(source.field(), source.describe() + " is not PEM text: " + e.getMessage());
        }
    }

    /** Signs with the key and verifies with the certificate: the only check that works for every key type. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) throws TlsMaterialException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm();
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            signer.initVerify(certificate.getPublicKey());
            signer.update(PROBE);
            return signer.verify(signature);
        } catch (GeneralSecurityException e) {
            if (!key.getAlgorithm().equalsIgnoreCase(certificate.getPublicKey().getAlgorithm())) {
                return false;
            }
            throw new TlsMaterialException("private_key", "cannot check the private key against cert_chain: " + e);
        }
    }

    /** @return the leaf certificate, or null */
    X509Certificate leaf() {
        return chain == null ? null : chain.get(0);
    }
}
