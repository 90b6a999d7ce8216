package org.mosn4j.kernel.upstream.health;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mosn4j.kernel.config.HealthCheckConfig.HttpCheckConfig;
import org.mosn4j.spi.config.ConfigException;

/**
 * What an HTTP health check sends and which answers pass, from {@code http_check_config}. Immutable.
 *
 * @param port the port to check, or 0 for the host's own
 * @param path the request target, starting with {@code /}
 * @param method the request method, in upper case
 * @param domain the {@code Host} header, or null for the checked address
 * @param codes the statuses that pass; empty means any 2xx
 * @param timeout the check's own timeout, or null to use the outer one
 */
public record HttpCheckSettings(int port, String path, String method, String domain, Set<Integer> codes,
        Duration timeout) {

    /** The request target when none is set. */
    public static final String DEFAULT_PATH = "/";
    /** The method when none is set. */
    public static final String DEFAULT_METHOD = "GET";

    public HttpCheckSettings {
        codes = Set.copyOf(codes);
    }

    /**
     * @param status an answer's status code
     * @return whether it passes the check
     */
    public boolean passes(int status) {
        return codes.isEmpty() ? status >= 200 && status < 300 : codes.contains(status);
    }

    /**
     * Checks {@code http_check_config} and fills in its defaults.
     *
     * @param config the block; null means every default
     * @param path the block's JSON path
     * @return the settings
     * @throws ConfigException naming the offending key and what was expected
     */
    static HttpCheckSettings from(HttpCheckConfig config, String path) throws ConfigException {
        if (config == null) {
            return new HttpCheckSettings(0, DEFAULT_PATH, DEFAULT_METHOD, null, Set.of(), null);
        }
        int port = config.port() == null ? 0 : config.port();
        if (port < 0 || port > 65535) {
            throw new ConfigException(path + ".port", "expected a port from 1 to 65535 (or 0 for the host's own), got "
                    + port);
        }
        Duration timeout = config.timeout();
        if (timeout != null && timeout.isNegative()) {
            throw new ConfigException(path + ".timeout", "expected a positive duration such as \"1s\", got a negative one");
        }
        String target = config.path() == null || config.path().isEmpty() ? DEFAULT_PATH : config.path();
        if (!target.startsWith("/") || !printableAscii(target)) {
            throw new ConfigException(path + ".path", "expected a path starting with \"/\" made of printable ASCII "
                    + "without spaces, such as \"/health\", got " + quoted(config.path()));
        }
        String method = config.method() == null || config.method().isEmpty() ? DEFAULT_METHOD
                : config.method().toUpperCase(Locale.ROOT);
        if (!isToken(method) || method.equals("CONNECT")) {
            throw new ConfigException(path + ".method", "expected an HTTP method such as \"GET\" or \"HEAD\", got "
                    + quoted(config.method()));
        }
        String scheme = config.scheme() == null ? "" : config.scheme();
        if (!scheme.isEmpty() && !scheme.equalsIgnoreCase("http")) {
            throw new ConfigException(path + ".scheme", "scheme \"" + scheme + "\" is not supported (supported: http); "
                    + "health checks are sent in plaintext, even to a cluster with tls_context");
        }
        String domain = config.domain() == null || config.domain().isEmpty() ? null : config.domain();
        if (domain != null && !printableAscii(domain)) {
            throw new ConfigException(path + ".domain", "expected a host name for the Host header, such as "
                    + "\"example.com\", got " + quoted(domain));
        }
        return new HttpCheckSettings(port, target, method, domain, codes(config.codes(), path + ".codes"),
                timeout == null || timeout.isZero() ? null : timeout);
    }

    private static Set<Integer> codes(List<Integer> codes, String path) throws ConfigException {
        Set<Integer> out = new LinkedHashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            int code = codes.get(i);
            if (code < 100 || code > 599) {
                throw new ConfigException(path + "[" + i + "]", "expected an HTTP status from 100 to 599, got " + code);
            }
            out.add(code);
        }
        return out;
    }

    /** @return {@code text} as a JSON string, so control characters show as escapes */
    private static String quoted(String text) {
        return TextNode.valueOf(text).toString();
    }

    private static boolean printableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110's token: the characters a method may have. */
    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !text.isEmpty();
    }
}
