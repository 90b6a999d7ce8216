package org.mosn4j.kernel.stats;

import java.util.Map;

/**
 * Stats of one listener: connections and bytes, the requests of proxy filters on it, and what its protocols
 * refused on their own.
 *
 * @param connections connection and byte counters
 * @param requests request counters
 * @param rejections requests, streams and connections the protocols refused
 */
public record ListenerStats(ConnectionCounters connections, RequestCounters requests, RejectionCounters rejections) {

    public ListenerStats() {
        this(new ConnectionCounters(), new RequestCounters(), new RejectionCounters());
    }

    /** @return MOSN's downstream keys and values, and mosn4j's rejection keys */
    public Map<String, Long> view() {
        Map<String, Long> view = connections.downstreamView();
        requests.addDownstreamView(view);
        rejections.addView(view);
        return view;
    }
}
