package org.mosn4j.kernel.config;

import java.util.List;
import java.util.Map;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * A cluster's {@code lb_subset_config}: balance over the hosts whose metadata match what the route asks for.
 *
 * @param fallBackPolicy what a request whose subset is missing gets: 0 no host (NO_FALLBACK), 1 any host of the
 *        cluster (ANY_ENDPOINT), 2 the hosts matching {@code default_subset} (DEFAULT_SUBSET)
 * @param defaultSubset the metadata of the fallback subset for policy 2
 * @param subsetSelectors the metadata key sets subsets are built by, such as {@code [["version"], ["version",
 *        "zone"]]}; subsets are off when empty (as in MOSN)
 */
public record LbSubsetConfig(Integer fallBackPolicy, Map<String, String> defaultSubset,
        List<List<String>> subsetSelectors) {

    public LbSubsetConfig {
        defaultSubset = defaultSubset == null ? Map.of() : defaultSubset;
        subsetSelectors = ConfigBinder.orEmpty(subsetSelectors);
    }
}
