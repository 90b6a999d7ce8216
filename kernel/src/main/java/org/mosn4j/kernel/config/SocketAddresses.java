package org.mosn4j.kernel.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.mosn4j.spi.config.ConfigException;

/** Parses MOSN's {@code "ip:port"} addresses without DNS: a literal IPv4 or bracketed IPv6 address, or localhost. */
public final class SocketAddresses {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private SocketAddresses() {
    }

    /**
     * @param text such as {@code 127.0.0.1:2045} or {@code [::1]:2045}
     * @param path JSON path for errors
     * @return the resolved address
     * @throws ConfigException when the text is not {@code ip:port}
     */
    public static InetSocketAddress parse(String text, String path) throws ConfigException {
        if (text == null || text.isBlank()) {
            throw new ConfigException(path, "expected an address \"ip:port\", got nothing");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConfigException(path, "expected an address \"ip:port\" such as \"127.0.0.1:2045\", got \""
                    + text + "\"");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        int port = portText.matches("\\d{1,5}") ? Integer.parseInt(portText) : -1;
        if (port < 0 || port > 65535) {
            throw new ConfigException(path, "port \"" + portText + "\" in \"" + text + "\" is not a number from 0 to 65535");
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        String literal = bracketed ? host.substring(1, host.length() - 1) : host;
        boolean isLiteral = bracketed ? literal.contains(":") : validIpv4(literal);
        if (!isLiteral && !literal.equals("localhost")) {
            throw new ConfigException(path, "\"" + host + "\" in \"" + text
                    + "\" is not an IP address (expected a literal IPv4 address or [IPv6] address; host names are not resolved)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        } catch (UnknownHostException e) {
            throw new ConfigException(path, "\"" + host + "\" in \"" + text + "\" is not a valid IP address");
        }
    }

    private static boolean validIpv4(String text) {
        var m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
