package org.mosn4j.kernel.network.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys from PEM text. Private keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}), the forms OpenSSL and Go write; the last
 * two are rewrapped as PKCS#8 for the JDK's key factories.
 */
final class PemObjects {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of the AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"};

    private PemObjects() {
    }

    /** One PEM block. */
    record Block(String type, byte[] der) {
    }

    static List<Block> blocks(String pem) throws TlsMaterialException {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsMaterialException("the PEM block " + m.group(1) + " is not valid base64");
            }
        }
        return blocks;
    }

    /**
     * @param pem PEM text
     * @return every certificate in it, in order
     * @throws TlsMaterialException when there is none or one cannot be parsed
     */
    static List<X509Certificate> certificates(String pem) throws TlsMaterialException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(pem)) {
                if (block.type().equals("CERTIFICATE") || block.type().equals("TRUSTED CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsMaterialException("a CERTIFICATE block cannot be parsed: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new TlsMaterialException("no -----BEGIN CERTIFICATE----- block found");
        }
        return certificates;
    }

    /**
     * @param pem PEM text
     * @return its private key
     * @throws TlsMaterialException when there is none, it is encrypted, or it cannot be parsed
     */
    static PrivateKey privateKey(String pem) throws TlsMaterialException {
        for (Block block : blocks(pem)) {
            switch (block.type()) {
                case "PRIVATE KEY":
                    return pkcs8(block.der());
                case "RSA PRIVATE KEY":
                    return pkcs8(sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, octetString(block.der()))));
                case "EC PRIVATE KEY":
                    return pkcs8(sequence(concat(new byte[] {0x02, 0x01, 0x00},
                            sequence(concat(EC_PUBLIC_KEY_OID, sec1CurveOid(block.der()))), octetString(block.der()))));
                case "ENCRYPTED PRIVATE KEY":
                    throw new TlsMaterialException("the private key is encrypted, which is not supported; write it "
                            + "unencrypted (openssl pkey -in key.pem -out plain.pem)");
                default:
                    break;
            }
        }
        throw new TlsMaterialException("no -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY) block found");
    }

    private static PrivateKey pkcs8(byte[] der) throws TlsMaterialException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm
            }
        }
        throw new TlsMaterialException("the private key cannot be parsed as an RSA, EC, EdDSA or DSA key");
    }

    /** Finds the named curve's OID in the {@code [0] parameters} of a SEC1 {@code ECPrivateKey}. */
    private static byte[] sec1CurveOid(byte[] der) throws TlsMaterialException {
        DerReader outer = new DerReader(der);
        DerReader fields = new DerReader(outer.expect(0x30));
        fields.expect(0x02);
        fields.expect(0x04);
        while (fields.hasMore()) {
            int tag = fields.peekTag();
            byte[] content = fields.next();
            if (tag == 0xa0) {
                DerReader parameters = new DerReader(content);
                byte[] oid = parameters.expect(0x06);
                return concat(new byte[] {0x06}, length(oid.length), oid);
            }
        }
        throw new TlsMaterialException("the EC private key does not name its curve");
    }

    private static byte[] sequence(byte[] content) {
        return concat(new byte[] {0x30}, length(content.length), content);
    }

    private static byte[] octetString(byte[] content) {
        return concat(new byte[] {0x04}, length(content.length), content);
    }

    private static byte[] length(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Walks the elements of one DER encoding. */
    private static final class DerReader {
        private final byte[] der;
        private int position;

        DerReader(byte[] der) {
            this.der = der;
        }

        boolean hasMore() {
            return position < der.length;
        }

        int peekTag() throws TlsMaterialException {
            if (!hasMore()) {
                throw new TlsMaterialException("the private key's DER encoding ends early");
            }
            return der[position] & 0xff;
        }

        byte[] expect(int tag) throws TlsMaterialException {
            if (peekTag() != tag) {
                throw new TlsMaterialException("the private key's DER encoding is not as expected");
            }
            return next();
        }

        byte[] next() throws TlsMaterialException {
            position++;
            if (!hasMore()) {
                throw new TlsMaterialException("the private key's DER encoding ends early");
            }
            int length = der[position++] & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes > 3 || position + bytes > der.length) {
                    throw new TlsMaterialException("the private key's DER encoding has a bad length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | der[position++] & 0xff;
                }
            }
            if (position + length > der.length) {
                throw new TlsMaterialException("the private key's DER encoding ends early");
            }
            byte[] content = new byte[length];
            System.arraycopy(der, position, content, 0, length);
            position += length;
            return content;
        }
    }
}
