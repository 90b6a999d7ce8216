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

    /**
     * @param clusters the clusters by name
     * @return a manager of them, such as one holding the clusters a config change would leave, for checking it
     */
    public static DefaultClusterManager of(Map<String, StaticCluster> clusters) {
        return new DefaultClusterManager(clusters);
    }

    /**
     * Puts a config change's clusters in force: streams that choose a cluster from now on see these. Streams that
     * already chose one keep it.
     *
     * @param next every cluster by name
     */
    public void replace(Map<String, StaticCluster> next) {
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(next));
    }

    /** @return every cluster by name, in config order */
    public Map<String, StaticCluster> all() {
        return clusters;
    }

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
            registerStats(stats, cluster);
        }
    }

    /**
     * Publishes one cluster's and its hosts' counters, replacing what was published under its name before.
     *
     * @param stats the registry to fill
     * @param cluster the cluster
     */
    public static void registerStats(StatsRegistry stats, StaticCluster cluster) {
        stats.unregister(StatsRegistry.UPSTREAM, "cluster." + cluster.name());
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
