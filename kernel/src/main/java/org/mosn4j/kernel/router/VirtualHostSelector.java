package org.mosn4j.kernel.router;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.spi.config.ConfigException;

/**
 * Chooses a virtual host by the request's host (the {@code :authority} without port, ignoring case), as Envoy:
 * an exact domain first, then the longest suffix wildcard ({@code *.example.com}, {@code *-api.example.com}),
 * then the longest prefix wildcard ({@code api.*}), then the default ({@code *}). A wildcard stands for at
 * least one character. Immutable.
 */
final class VirtualHostSelector {

    private record Wildcard(String fixedPart, VirtualHost host) {
    }

    private final Map<String, VirtualHost> exact;
    private final List<Wildcard> suffixes;
    private final List<Wildcard> prefixes;
    private final VirtualHost defaultHost;

    private VirtualHostSelector(Builder builder) {
        this.exact = Map.copyOf(builder.exact);
        Comparator<Wildcard> longestFirst = Comparator.comparingInt((Wildcard w) -> w.fixedPart.length()).reversed();
        this.suffixes = builder.suffixes.stream().sorted(longestFirst).toList();
        this.prefixes = builder.prefixes.stream().sorted(longestFirst).toList();
        this.defaultHost = builder.defaultHost;
    }

    /**
     * @param authority the {@code :authority} value, or null
     * @return the virtual host, or null when no domain fits and there is no default
     */
    VirtualHost select(String authority) {
        String host = hostOf(authority);
        VirtualHost found = exact.get(host);
        if (found != null) {
            return found;
        }
        for (Wildcard suffix : suffixes) {
            if (host.length() > suffix.fixedPart.length() && host.endsWith(suffix.fixedPart)) {
                return suffix.host;
            }
        }
        for (Wildcard prefix : prefixes) {
            if (host.length() > prefix.fixedPart.length() && host.startsWith(prefix.fixedPart)) {
                return prefix.host;
            }
        }
        return defaultHost;
    }

    /**
     * @param authority a {@code :authority} value, or null
     * @return its host in lower case without the port (an IPv6 literal keeps its brackets); empty for null
     */
    static String hostOf(String authority) {
        if (authority == null) {
            return "";
        }
        String host = authority;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0) {
                host = host.substring(0, close + 1);
            }
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0 && colon == host.lastIndexOf(':')) {
                host = host.substring(0, colon);
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** Collects the domains of every virtual host, reporting malformed and duplicate ones. */
    static final class Builder {
        private final Map<String, VirtualHost> exact = new HashMap<>();
        private final List<Wildcard> suffixes = new ArrayList<>();
        private final List<Wildcard> prefixes = new ArrayList<>();
        private VirtualHost defaultHost;
        private final Map<String, String> owners = new HashMap<>();
        private final ConfigProblems problems;

        Builder(ConfigProblems problems) {
            this.problems = problems;
        }

        /**
         * @param domain a domain as written
         * @param host the virtual host serving it
         * @param hostPath the virtual host's JSON path, such as {@code servers[0].routers[0].virtual_hosts[1]}
         * @param path the domain's JSON path
         */
        void add(String domain, VirtualHost host, String hostPath, String path) {
            String key = domain.toLowerCase(Locale.ROOT);
            int star = key.indexOf('*');
            boolean valid = !key.isEmpty() && (star < 0 || key.equals("*")
                    || (star == 0 && key.lastIndexOf('*') == 0)
                    || (star == key.length() - 1));
            if (!valid) {
                problems.add(new ConfigException(path, "expected a host name, \"*\", \"*.suffix\" or \"prefix.*\", got \""
                        + domain + "\""));
                return;
            }
            String owner = owners.putIfAbsent(key, hostPath);
            if (owner != null) {
                problems.add(new ConfigException(path, "domain \"" + domain + "\" is already served by "
                        + (owner.equals(hostPath) ? "this virtual host" : owner)));
                return;
            }
            if (key.equals("*")) {
                defaultHost = host;
            } else if (star == 0) {
                suffixes.add(new Wildcard(key.substring(1), host));
            } else if (star > 0) {
                prefixes.add(new Wildcard(key.substring(0, star), host));
            } else {
                exact.put(key, host);
            }
        }

        VirtualHostSelector build() {
            return new VirtualHostSelector(this);
        }
    }
}
