package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mosn4j.kernel.dynamic.ConfigChange;

/**
 * The one {@link ConfigChange} that turns the xDS part of the running config from what was applied into what is
 * wanted: listeners, clusters and router configs that are new or differ are upserted whole (a cluster with its
 * hosts), those no longer wanted are removed, and a cluster whose hosts alone changed gets a new host list, which
 * keeps the connections, stats and health of the hosts that stay. Pure.
 */
final class ChangePlanner {

    private ChangePlanner() {
    }

    /** @return the change; {@link ConfigChange#isEmpty()} when nothing differs */
    static ConfigChange plan(XdsConfig applied, XdsConfig wanted) {
        ConfigChange.Builder change = ConfigChange.builder();
        wanted.clusters().forEach((name, cluster) -> {
            List<ObjectNode> hosts = wanted.hosts().getOrDefault(name, List.of());
            if (!cluster.equals(applied.clusters().get(name))) {
                ObjectNode whole = cluster.deepCopy();
                whole.putArray("hosts").addAll(hosts);
                change.cluster(whole);
            } else if (!hosts.equals(applied.hosts().getOrDefault(name, List.of()))) {
                change.hosts(name, List.copyOf(hosts));
            }
        });
        removed(applied.clusters(), wanted.clusters()).forEach(change::removeCluster);
        wanted.routers().forEach((name, router) -> {
            if (!router.equals(applied.routers().get(name))) {
                change.router(router);
            }
        });
        removed(applied.routers(), wanted.routers()).forEach(change::removeRouter);
        wanted.listeners().forEach((name, listener) -> {
            var running = applied.listeners().get(name);
            if (running == null || !Objects.equals(running.config(), listener.config())) {
                change.listener(listener.config());
            }
        });
        removed(applied.listeners(), wanted.listeners()).forEach(change::removeListener);
        return change.build();
    }

    private static List<String> removed(Map<String, ?> applied, Map<String, ?> wanted) {
        return applied.keySet().stream().filter(name -> !wanted.containsKey(name)).toList();
    }
}
