package org.mosn4j.kernel.router;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.HashPolicyConfig;
import org.mosn4j.kernel.upstream.XxHash64;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * A route's {@code hash_policy}: where the key that the consistent-hashing balancers ({@code LB_MAGLEV},
 * {@code LB_RING_HASH}) pick a host by comes from. Entries are tried in order and the first that yields a value
 * gives the key, its xxHash64: {@code header} (the header's first value), {@code cookie} (the named cookie from
 * the {@code cookie} headers) or {@code source_ip} (the downstream peer's address). MOSN reads only the first
 * entry; trying the next ones lets a route fall back, say, from a user header to the client's address. Envoy
 * instead combines every entry's hash unless one is {@code terminal}; mosn4j does not combine.
 *
 * <p>A request for which no entry yields a value has no key ({@link LoadBalancerContext#NO_HASH_KEY}) and the
 * hash balancers pick at random. In particular a cookie that is absent is not generated and set on the response
 * as Envoy does: the request is balanced at random until the application sets the cookie.
 *
 * <p>Immutable and thread-safe; computing a key allocates nothing for headers and cookies.
 */
final class HashPolicy {

    /** No {@code hash_policy}: every request is without a key. */
    static final HashPolicy NONE = new HashPolicy(List.of());

    private static final List<String> KINDS = List.of("header", "cookie", "source_ip");
    /** A computed hash that equals {@link LoadBalancerContext#NO_HASH_KEY} is replaced by this. */
    private static final long INSTEAD_OF_NO_KEY = 0x9E3779B97F4A7C15L;

    /** One entry: yields a hash, or {@link LoadBalancerContext#NO_HASH_KEY} when the request lacks its value. */
    private interface Source {
        long hash(HeaderMap request, InetSocketAddress downstreamRemote);
    }

    private final List<Source> sources;

    private HashPolicy(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * @param request the request headers
     * @param downstreamRemote the downstream peer's address, or null
     * @return the request's hash key, or {@link LoadBalancerContext#NO_HASH_KEY}
     */
    long hashKey(HeaderMap request, InetSocketAddress downstreamRemote) {
        for (int i = 0; i < sources.size(); i++) {
            long hash = sources.get(i).hash(request, downstreamRemote);
            if (hash != LoadBalancerContext.NO_HASH_KEY) {
                return hash;
            }
        }
        return LoadBalancerContext.NO_HASH_KEY;
    }

    /**
     * @param entries the {@code hash_policy} list
     * @param path its JSON path
     * @param problems where errors go, each with its entry's path
     * @return the policy; {@link #NONE} when the list is empty
     */
    static HashPolicy parse(List<JsonNode> entries, String path, ConfigProblems problems) {
        if (entries.isEmpty()) {
            return NONE;
        }
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                sources.add(source(entries.get(i), path + "[" + i + "]"));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        return new HashPolicy(sources);
    }

    private static Source source(JsonNode entry, String at) throws ConfigException {
        if (entry == null || !entry.isObject()) {
            throw new ConfigException(at, "expected an object such as {\"header\": {\"key\": \"x-user\"}}, got "
                    + (entry == null || entry.isNull() ? "nothing" : entry.toString()));
        }
        String kind = null;
        String key = null;
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!KINDS.contains(lower)) {
                unknown.add(name);
            } else if (kind != null) {
                throw new ConfigException(at, "expected one of header, cookie or source_ip per entry, got " + kind
                        + " and " + lower + "; write one entry for each");
            } else {
                kind = lower;
                key = name;
            }
        }
        if (kind == null) {
            throw new ConfigException(at, unknown.isEmpty() ? "expected one of header, cookie or source_ip, got none"
                    : "unknown hash policy \"" + unknown.get(0) + "\" (supported: " + String.join(", ", KINDS) + ")");
        }
        String partPath = at + "." + key;
        JsonNode part = entry.get(key);
        return switch (kind) {
            case "header" -> {
                HashPolicyConfig.Header header = ConfigBinder.INSTANCE.bind(part, HashPolicyConfig.Header.class, partPath);
                if (header.key() == null || header.key().isEmpty()) {
                    throw new ConfigException(partPath + ".key", "expected a header name, got nothing");
                }
                yield headerSource(header.key());
            }
            case "cookie" -> {
                HashPolicyConfig.Cookie cookie = ConfigBinder.INSTANCE.bind(part, HashPolicyConfig.Cookie.class, partPath);
                if (cookie.name() == null || cookie.name().isEmpty()) {
                    throw new ConfigException(partPath + ".name", "expected a cookie name, got nothing");
                }
                yield cookieSource(cookie.name());
            }
            default -> {
                if (part != null && !part.isNull() && !part.isObject()) {
                    throw new ConfigException(partPath, "expected {}, got " + part);
                }
                yield HashPolicy::sourceIpHash;
            }
        };
    }

    private static Source headerSource(String name) {
        return (request, remote) -> {
            String value = request.get(name);
            return value == null ? LoadBalancerContext.NO_HASH_KEY : keyOf(XxHash64.hash(value));
        };
    }

    private static Source cookieSource(String name) {
        return (request, remote) -> {
            String first = request.get("cookie");
            if (first == null) {
                return LoadBalancerContext.NO_HASH_KEY;
            }
            long hash = cookieHash(first, name);
            if (hash != LoadBalancerContext.NO_HASH_KEY) {
                return hash;
            }
            List<String> all = request.getAll("cookie");
            for (int i = 1; i < all.size(); i++) {
                hash = cookieHash(all.get(i), name);
                if (hash != LoadBalancerContext.NO_HASH_KEY) {
                    return hash;
                }
            }
            return LoadBalancerContext.NO_HASH_KEY;
        };
    }

    /** @return the hash of cookie {@code name}'s value in a {@code cookie} header ("a=1; b=2"), or no key */
    static long cookieHash(String header, String name) {
        int n = header.length();
        int start = 0;
        while (start < n) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            int from = start;
            while (from < end && header.charAt(from) == ' ') {
                from++;
            }
            int valueFrom = from + name.length() + 1;
            if (valueFrom <= end && header.startsWith(name, from) && header.charAt(from + name.length()) == '=') {
                int to = end;
                while (to > valueFrom && header.charAt(to - 1) == ' ') {
                    to--;
                }
                return keyOf(XxHash64.hash(header, valueFrom, to, 0));
            }
            start = end + 1;
        }
        return LoadBalancerContext.NO_HASH_KEY;
    }

    private static long sourceIpHash(HeaderMap request, InetSocketAddress remote) {
        InetAddress address = remote == null ? null : remote.getAddress();
        return address == null ? LoadBalancerContext.NO_HASH_KEY : keyOf(XxHash64.hash(address.getAddress()));
    }

    private static long keyOf(long hash) {
        return hash == LoadBalancerContext.NO_HASH_KEY ? INSTEAD_OF_NO_KEY : hash;
    }
}
