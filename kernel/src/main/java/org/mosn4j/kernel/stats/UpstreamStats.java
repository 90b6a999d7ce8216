package org.mosn4j.kernel.stats;

import java.util.Map;

/**
 * Stats of one cluster or host: connections, bytes and requests.
 *
 * @param connections connection and byte counters
 * @param requests request counters
 */
public record UpstreamStats(ConnectionCounters connections, RequestCounters requests) {

    public UpstreamStats() {
        this(new ConnectionCounters(), new RequestCounters());
    }

    /** @return MOSN's upstream keys and values */
    public Map<String, Long> view() {
        Map<String, Long> view = connections.upstreamView();
        requests.addUpstreamView(view);
        return view;
    }
}
