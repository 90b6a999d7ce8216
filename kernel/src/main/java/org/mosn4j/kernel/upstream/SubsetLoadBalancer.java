package org.mosn4j.kernel.upstream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * Subset load balancing ({@code lb_subset_config}, as in MOSN): for every selector (a set of metadata keys) and
 * every combination of values the available hosts have for those keys, a balancer of the cluster's
 * {@code lb_type} over the hosts having them. A request whose {@link LoadBalancerContext#metadataMatch()} has
 * exactly a selector's keys is balanced over the subset with its values; when there is no such subset (no
 * selector has those keys, or no available host has those values), the fallback policy decides:
 * {@code NO_FALLBACK} picks no host, {@code ANY_ENDPOINT} any host of the cluster, {@code DEFAULT_SUBSET} one of
 * the hosts with the {@code default_subset} metadata. A request that asks for no metadata is balanced over the
 * whole cluster.
 *
 * <p>Built once per host set; a pick is one hash lookup keyed by the request's match map (the route's immutable
 * map of a few entries), then the subset's own pick, with no lock.
 */
final class SubsetLoadBalancer implements LoadBalancer {

    private final LoadBalancer whole;
    /** By the metadata (selector keys and values) a subset's hosts share. */
    private final Map<Map<String, String>, LoadBalancer> subsets;
    /** Null when the fallback is no host. */
    private final LoadBalancer fallback;
    /**
     * The subset (or the fallback, as {@link #NO_SUBSET}) already found for each match map, by identity: a route's
     * map is one long-lived object, so after the first request a pick neither hashes nor compares maps (comparing
     * immutable maps allocates). Replaced, never changed, when a new map comes; bounded.
     */
    private volatile Map<Map<String, String>, LoadBalancer> byIdentity = new IdentityHashMap<>();
    private static final int IDENTITY_CACHE_LIMIT = 256;
    private static final LoadBalancer NO_SUBSET = context -> null;

    /**
     * @param settings the cluster's subset settings
     * @param type the balancer of the whole cluster and of each subset
     * @param hosts the available hosts
     * @param weights each host's weight
     */
    SubsetLoadBalancer(SubsetSettings settings, LoadBalancerType type, List<DefaultHost> hosts,
            ToIntFunction<DefaultHost> weights) {
        whole = type.create(hosts, weights);
        Map<Map<String, String>, List<DefaultHost>> groups = new LinkedHashMap<>();
        for (Set<String> selector : settings.selectors()) {
            for (DefaultHost host : hosts) {
                Map<String, String> values = valuesOf(host, selector);
                if (values != null) {
                    groups.computeIfAbsent(values, v -> new ArrayList<>()).add(host);
                }
            }
        }
        Map<Map<String, String>, LoadBalancer> built = new HashMap<>();
        groups.forEach((values, members) -> built.put(values, type.create(members, weights)));
        subsets = built;
        fallback = switch (settings.fallback()) {
            case NO_FALLBACK -> null;
            case ANY_ENDPOINT -> whole;
            case DEFAULT_SUBSET -> {
                List<DefaultHost> members = hosts.stream().filter(h -> matches(h, settings.defaultSubset())).toList();
                yield members.isEmpty() ? null : type.create(members, weights);
            }
        };
    }

    @Override
    public DefaultHost choose(LoadBalancerContext context) {
        Map<String, String> match = context.metadataMatch();
        if (match.isEmpty()) {
            return whole.choose(context);
        }
        LoadBalancer known = byIdentity.get(match);
        if (known == null) {
            known = find(match);
        }
        return known == NO_SUBSET ? fallback == null ? null : fallback.choose(context) : known.choose(context);
    }

    private LoadBalancer find(Map<String, String> match) {
        LoadBalancer subset = subsets.get(match);
        LoadBalancer found = subset == null ? NO_SUBSET : subset;
        Map<Map<String, String>, LoadBalancer> cache = byIdentity;
        if (cache.size() < IDENTITY_CACHE_LIMIT) {
            Map<Map<String, String>, LoadBalancer> next = new IdentityHashMap<>(cache);
            next.put(match, found);
            byIdentity = next;
        }
        return found;
    }

    /** @return the host's values for {@code keys}, or null when it lacks one */
    private static Map<String, String> valuesOf(DefaultHost host, Set<String> keys) {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            String value = host.metadata().get(key);
            if (value == null) {
                return null;
            }
            values.put(key, value);
        }
        return Map.copyOf(values);
    }

    private static boolean matches(DefaultHost host, Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!e.getValue().equals(host.metadata().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
