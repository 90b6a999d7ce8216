package org.mosn4j.kernel.upstream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mosn4j.kernel.config.LbSubsetConfig;
import org.mosn4j.spi.config.ConfigException;

/**
 * A cluster's checked {@code lb_subset_config}.
 *
 * @param fallback what a request whose subset is missing gets
 * @param defaultSubset the metadata the {@link FallbackPolicy#DEFAULT_SUBSET} hosts have; empty means every host
 * @param selectors the key sets subsets are built by, without duplicates
 */
record SubsetSettings(FallbackPolicy fallback, Map<String, String> defaultSubset, List<Set<String>> selectors) {

    /** MOSN's {@code fall_back_policy} values, by number. */
    enum FallbackPolicy {
        /** 0: no host; the proxy answers as for no healthy upstream. */
        NO_FALLBACK,
        /** 1: any host of the cluster. */
        ANY_ENDPOINT,
        /** 2: the hosts matching {@code default_subset}. */
        DEFAULT_SUBSET
    }

    /**
     * @param config the cluster's {@code lb_subset_config}, or null
     * @param path its JSON path
     * @return the settings, or null when subsets are off (no block, or no selectors, as in MOSN)
     * @throws ConfigException naming the offending field
     */
    static SubsetSettings parse(LbSubsetConfig config, String path) throws ConfigException {
        if (config == null) {
            return null;
        }
        int policy = config.fallBackPolicy() == null ? 0 : config.fallBackPolicy();
        if (policy < 0 || policy >= FallbackPolicy.values().length) {
            throw new ConfigException(path + ".fall_back_policy", "expected 0 (NO_FALLBACK), 1 (ANY_ENDPOINT) or 2 "
                    + "(DEFAULT_SUBSET), got " + policy);
        }
        for (Map.Entry<String, String> e : config.defaultSubset().entrySet()) {
            if (e.getKey().isEmpty() || e.getValue() == null) {
                throw new ConfigException(path + ".default_subset", "expected metadata keys with string values, got \""
                        + e.getKey() + "\": " + e.getValue());
            }
        }
        List<Set<String>> selectors = new ArrayList<>();
        for (int i = 0; i < config.subsetSelectors().size(); i++) {
            String at = path + ".subset_selectors[" + i + "]";
            List<String> keys = config.subsetSelectors().get(i);
            if (keys == null || keys.isEmpty()) {
                throw new ConfigException(at, "expected a list of metadata keys such as [\"version\"], got "
                        + (keys == null ? "nothing" : "an empty list"));
            }
            Set<String> selector = new LinkedHashSet<>();
            for (int k = 0; k < keys.size(); k++) {
                String key = keys.get(k);
                if (key == null || key.isEmpty()) {
                    throw new ConfigException(at + "[" + k + "]", "expected a metadata key, got nothing");
                }
                if (!selector.add(key)) {
                    throw new ConfigException(at + "[" + k + "]", "metadata key \"" + key + "\" is listed twice");
                }
            }
            if (!selectors.contains(selector)) {
                selectors.add(Set.copyOf(selector));
            }
        }
        if (selectors.isEmpty()) {
            return null;
        }
        return new SubsetSettings(FallbackPolicy.values()[policy], Map.copyOf(config.defaultSubset()),
                List.copyOf(selectors));
    }
}
