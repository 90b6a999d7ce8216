package org.mosn4j.kernel.stats;

import java.util.Map;

/**
 * Stats of one listener: connections and bytes, and the requests of proxy filters on it.
 *
 * @param connections connection and byte counters
 * @param requests request counters
 */
public record ListenerStats(ConnectionCounters connections, RequestCounters requests) {

    public ListenerStats() {
        this(new ConnectionCounters(), new RequestCounters());
    }

    /** @return MOSN's downstream keys and values */
    public Map<String, Long> view() {
        Map<String, Long> view = connections.downstreamView();
        requests.addDownstreamView(view);
        return view;
    }
}
