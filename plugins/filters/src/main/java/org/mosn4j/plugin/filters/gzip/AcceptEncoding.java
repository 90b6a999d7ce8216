package org.mosn4j.plugin.filters.gzip;

import java.util.List;
import java.util.Locale;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110, section 12.5.3): codings with optional q-values, such as
 * {@code gzip;q=0.8, identity;q=0.5, *;q=0}. gzip is chosen when its weight ({@code gzip} or {@code x-gzip},
 * else {@code *}, else none) is above 0 and, when {@code identity} is listed, not below identity's. Stateless.
 */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /** @param values every {@code Accept-Encoding} value of the request; empty when absent */
    static boolean acceptsGzip(List<String> values) {
        double gzip = -1;
        double any = -1;
        double identity = -1;
        for (String value : values) {
            for (String element : value.split(",")) {
                int semicolon = element.indexOf(';');
                String coding = (semicolon < 0 ? element : element.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
                if (coding.isEmpty()) {
                    continue;
                }
                double q = semicolon < 0 ? 1 : weight(element.substring(semicolon + 1));
                switch (coding) {
                    case "gzip", "x-gzip" -> gzip = Math.max(gzip, q);
                    case "*" -> any = Math.max(any, q);
                    case "identity" -> identity = Math.max(identity, q);
                    default -> {
                    }
                }
            }
        }
        double chosen = gzip >= 0 ? gzip : Math.max(any, 0);
        return chosen > 0 && chosen >= identity;
    }

    /** @return the {@code q} parameter among {@code params}; 1 without one, 0 when it is malformed */
    private static double weight(String params) {
        for (String param : params.split(";")) {
            String p = param.trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
