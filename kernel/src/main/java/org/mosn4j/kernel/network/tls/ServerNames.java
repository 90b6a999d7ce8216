package org.mosn4j.kernel.network.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The names a server certificate answers for, and matching a client's SNI against them. */
final class ServerNames {

    private static final int SAN_DNS = 2;

    private ServerNames() {
    }

    /**
     * @param serverName the configured {@code server_name}, or null
     * @param certificate the leaf certificate, or null
     * @return lower-case names: the configured one, the certificate's DNS names and its common name
     */
    static Set<String> of(String serverName, X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        if (serverName != null) {
            names.add(normalize(serverName));
        }
        if (certificate != null) {
            try {
                if (certificate.getSubjectAlternativeNames() != null) {
                    for (List<?> san : certificate.getSubjectAlternativeNames()) {
                        if (san.size() == 2 && san.get(0) instanceof Integer type && type == SAN_DNS) {
                            names.add(normalize(san.get(1).toString()));
                        }
                    }
                }
            } catch (CertificateParsingException e) {
                // no usable SAN extension: the common name and server_name still count
            }
            try {
                for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(normalize(rdn.getValue().toString()));
                    }
                }
            } catch (InvalidNameException e) {
                // a subject the JDK printed cannot fail to parse; nothing to add if it does
            }
        }
        return Set.copyOf(names);
    }

    /**
     * Whether {@code host} (a client's SNI) is one of {@code names}, directly or through a wildcard that replaces
     * its leading labels ({@code a.b.example.com} matches {@code *.b.example.com} and {@code *.example.com}).
     */
    static boolean matches(Set<String> names, String host) {
        if (names.contains(host)) {
            return true;
        }
        int dot = host.indexOf('.');
        while (dot >= 0 && dot < host.length() - 1) {
            if (names.contains("*" + host.substring(dot))) {
                return true;
            }
            dot = host.indexOf('.', dot + 1);
        }
        return false;
    }

    /** @return lower case without a trailing dot */
    static String normalize(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
