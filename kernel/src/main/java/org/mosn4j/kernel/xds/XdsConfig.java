package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the running config that comes from xDS, in MOSN's shapes: what the client wants applied, or what it
 * applied last. Built by {@link XdsConfigBuilder}. Immutable.
 *
 * @param listeners listeners by name, with what they need
 * @param clusters clusters by name, without their hosts
 * @param hosts each cluster's hosts by cluster name
 * @param routers router configs by {@code router_config_name}
 * @param endpointNames the EDS resources the clusters need
 * @param routeNames the RDS resources the listeners need
 * @param waiting what is still missing for the config to be whole (an EDS or RDS resource not received, a listener
 *        waiting for one), in words for a log line; empty when whole
 */
record XdsConfig(
        Map<String, ListenerTranslator.TranslatedListener> listeners,
        Map<String, ObjectNode> clusters,
        Map<String, List<ObjectNode>> hosts,
        Map<String, ObjectNode> routers,
        Set<String> endpointNames,
        Set<String> routeNames,
        List<String> waiting) {

    /** Nothing from xDS. */
    static final XdsConfig EMPTY = new XdsConfig(Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), Set.of(), List.of());

    XdsConfig {
        listeners = Collections.unmodifiableMap(new LinkedHashMap<>(listeners));
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        routers = Collections.unmodifiableMap(new LinkedHashMap<>(routers));
        endpointNames = Collections.unmodifiableSet(new LinkedHashSet<>(endpointNames));
        routeNames = Collections.unmodifiableSet(new LinkedHashSet<>(routeNames));
        waiting = List.copyOf(waiting);
    }

    /** @return whether nothing is missing */
    boolean whole() {
        return waiting.isEmpty();
    }
}
