package org.mosn4j.kernel.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One change to the running config, in MOSN's JSON shapes, applied all at once or not at all. Entries are
 * matched by name: a listener's {@code name}, a cluster's {@code name}, a router config's
 * {@code router_config_name}. Upserting an entry replaces the one of the same name whole, or adds it.
 *
 * @param listeners listeners to add or replace ({@code servers[0].listeners[]} entries)
 * @param removedListeners names of listeners to remove; they stop accepting and drain
 * @param clusters clusters to add or replace ({@code cluster_manager.clusters[]} entries)
 * @param removedClusters names of clusters to remove
 * @param hosts new host lists ({@code hosts[]} entries) of existing clusters by cluster name; the rest of each
 *        cluster stays, and hosts whose address stays keep their connections, stats and health
 * @param routers router configs to add or replace ({@code servers[0].routers[]} entries)
 * @param removedRouters names of router configs to remove
 */
public record ConfigChange(
        List<JsonNode> listeners,
        List<String> removedListeners,
        List<JsonNode> clusters,
        List<String> removedClusters,
        Map<String, List<JsonNode>> hosts,
        List<JsonNode> routers,
        List<String> removedRouters) {

    public ConfigChange {
        listeners = List.copyOf(listeners);
        removedListeners = List.copyOf(removedListeners);
        clusters = List.copyOf(clusters);
        removedClusters = List.copyOf(removedClusters);
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        routers = List.copyOf(routers);
        removedRouters = List.copyOf(removedRouters);
    }

    /** @return a builder of a change */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether the change changes nothing */
    public boolean isEmpty() {
        return listeners.isEmpty() && removedListeners.isEmpty() && clusters.isEmpty() && removedClusters.isEmpty()
                && hosts.isEmpty() && routers.isEmpty() && removedRouters.isEmpty();
    }

    /** Collects the parts of a change. Not thread-safe. */
    public static final class Builder {
        private final java.util.ArrayList<JsonNode> listeners = new java.util.ArrayList<>();
        private final java.util.ArrayList<String> removedListeners = new java.util.ArrayList<>();
        private final java.util.ArrayList<JsonNode> clusters = new java.util.ArrayList<>();
        private final java.util.ArrayList<String> removedClusters = new java.util.ArrayList<>();
        private final Map<String, List<JsonNode>> hosts = new LinkedHashMap<>();
        private final java.util.ArrayList<JsonNode> routers = new java.util.ArrayList<>();
        private final java.util.ArrayList<String> removedRouters = new java.util.ArrayList<>();

        private Builder() {
        }

        public Builder listener(JsonNode listener) {
            listeners.add(listener);
            return this;
        }

        public Builder removeListener(String name) {
            removedListeners.add(name);
            return this;
        }

        public Builder cluster(JsonNode cluster) {
            clusters.add(cluster);
            return this;
        }

        public Builder removeCluster(String name) {
            removedClusters.add(name);
            return this;
        }

        public Builder hosts(String cluster, List<JsonNode> hostList) {
            hosts.put(cluster, List.copyOf(hostList));
            return this;
        }

        public Builder router(JsonNode router) {
            routers.add(router);
            return this;
        }

        public Builder removeRouter(String name) {
            removedRouters.add(name);
            return this;
        }

        public ConfigChange build() {
            return new ConfigChange(listeners, removedListeners, clusters, removedClusters, hosts, routers,
                    removedRouters);
        }
    }
}
