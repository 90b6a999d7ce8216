package org.mosn4j.plugin.filters.mirror;

import java.time.Duration;

/**
 * The {@code mirror} filter's JSON block. {@code cluster} and {@code percent} are the fields of MOSN's
 * {@code request_mirror_policies}; MOSN's own {@code mirror} filter reads them from the route, mosn4j from the
 * filter's config and a route's {@code per_filter_config}.
 *
 * @param cluster the shadow cluster copies go to
 * @param percent of the requests to copy, 0 to 100; absent: 100
 * @param maxBodyBytes the largest request body copied; a request with a larger body is not mirrored. Absent:
 *                     1 MiB
 * @param timeout how long a copy may take before it is abandoned; absent: {@code "5s"}
 * @param disabled true turns the filter off (useful in a route's {@code per_filter_config})
 */
record MirrorConfig(String cluster, Integer percent, Long maxBodyBytes, Duration timeout, Boolean disabled) {
}
