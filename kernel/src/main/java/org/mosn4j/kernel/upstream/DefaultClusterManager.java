package org.mosn4j.kernel.upstream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mosn4j.kernel.stats.StatsRegistry;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.ClusterManager;

/** The clusters of the running config, by name. The map is replaced as a whole on change; reads take no lock. */
public final class DefaultClusterManager implements ClusterManager {

    private volatile Map<String, StaticCluster> clusters;

    DefaultClusterManager(Map<String, StaticCluster> clusters) {
        this.clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
    }

    @Override
    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    /**
     * @param name a cluster name
     * @return the cluster with the kernel's view of it (stats, pool limits), or null
     */
    public StaticCluster staticCluster(String name) {
        return clusters.get(name);
    }

    @Override
    public Set<String> clusterNames() {
        return clusters.keySet();
    }

    /**
     * Publishes every cluster's and host's counters.
     *
     * @param stats the registry to fill
     */
    public void registerStats(StatsRegistry stats) {
        for (StaticCluster cluster : clusters.values()) {
            stats.register(StatsRegistry.UPSTREAM, "cluster." + cluster.name(), () -> {
                Map<String, Long> view = cluster.stats().view();
                cluster.ejections().addView(view);
                cluster.health().addView(view);
                cluster.circuitBreakers().addView(view);
                return view;
            });
            for (DefaultHost host : cluster.hosts()) {
                stats.register(StatsRegistry.UPSTREAM, "cluster." + cluster.name() + ".host." + host.address(), () -> {
                    Map<String, Long> view = host.stats().view();
                    host.ejections().addView(view);
                    host.health().addView(view);
                    view.put("healthy", host.healthy() ? 1L : 0L);
                    return view;
                });
            }
        }
    }
}
