package org.mosn4j.kernel.router;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.mosn4j.spi.stream.HeaderMap;

/** Picks the cluster of a routed request. Implementations are immutable and thread-safe. */
@FunctionalInterface
interface ClusterChooser {

    /** Chooses nothing: for direct response and redirect routes. */
    ClusterChooser NONE = request -> null;

    /** @return the cluster name, or null */
    String choose(HeaderMap request);

    /** @return always {@code name} */
    static ClusterChooser named(String name) {
        return request -> name;
    }

    /**
     * @param header the header naming the cluster
     * @param fallback the cluster when the header is absent or empty, or null
     */
    static ClusterChooser fromHeader(String header, String fallback) {
        return request -> {
            String value = request.get(header);
            return value == null || value.isEmpty() ? fallback : value;
        };
    }

    /**
     * @param names cluster names
     * @param weights their weights, each 1 or more, in the same order
     * @return a chooser picking each cluster with probability weight / total
     */
    static ClusterChooser weighted(List<String> names, List<Integer> weights) {
        String[] clusters = names.toArray(String[]::new);
        long[] upperBounds = new long[clusters.length];
        long total = 0;
        for (int i = 0; i < clusters.length; i++) {
            total += weights.get(i);
            upperBounds[i] = total;
        }
        long sum = total;
        return request -> {
            long pick = ThreadLocalRandom.current().nextLong(sum);
            for (int i = 0; i < upperBounds.length; i++) {
                if (pick < upperBounds[i]) {
                    return clusters[i];
                }
            }
            throw new AssertionError("pick " + pick + " beyond total weight " + sum);
        };
    }
}
