package org.mosn4j.kernel.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mosn4j.kernel.config.ClusterConfig;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.HostConfig;
import org.mosn4j.kernel.config.SocketAddresses;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.network.tls.UpstreamTls;
import org.mosn4j.kernel.stats.UpstreamStats;
import org.mosn4j.kernel.upstream.health.HealthCheckSettings;
import org.mosn4j.kernel.upstream.pool.PoolSettings;
import org.mosn4j.spi.config.ConfigException;

/** Checks {@code cluster_manager} and builds the clusters, reporting each problem with its JSON path. */
public final class ClusterManagerBuilder {

    private static final Set<String> SUPPORTED_TYPES = Set.of("SIMPLE", "STATIC");
    private static final int MAX_WEIGHT = 128;

    private ClusterManagerBuilder() {
    }

    /**
     * @param config the {@code cluster_manager} block
     * @param transport the transport upstream connections use
     * @param problems where errors are collected
     * @return the cluster manager (with the clusters that had no error)
     */
    public static DefaultClusterManager build(ClusterManagerConfig config, Transport transport, ConfigProblems problems) {
        Map<String, StaticCluster> clusters = new LinkedHashMap<>();
        List<ClusterConfig> list = config.clusters();
        for (int i = 0; i < list.size(); i++) {
            String path = "cluster_manager.clusters[" + i + "]";
            try {
                StaticCluster cluster = buildCluster(list.get(i), transport, path);
                if (clusters.putIfAbsent(cluster.name(), cluster) != null) {
                    throw new ConfigException(path + ".name", "cluster \"" + cluster.name() + "\" is defined twice");
                }
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        return new DefaultClusterManager(clusters);
    }

    /**
     * Builds one cluster.
     *
     * @param config its config
     * @param transport the transport its connections use
     * @param path its JSON path, for errors
     * @return the cluster
     * @throws ConfigException naming the first bad field
     */
    public static StaticCluster buildCluster(ClusterConfig config, Transport transport, String path)
            throws ConfigException {
        if (config.name() == null || config.name().isBlank()) {
            throw new ConfigException(path + ".name", "expected a cluster name, got nothing");
        }
        String type = config.type() == null || config.type().isEmpty() ? "SIMPLE" : config.type().toUpperCase(Locale.ROOT);
        if (!SUPPORTED_TYPES.contains(type)) {
            throw new ConfigException(path + ".type", "cluster type \"" + config.type()
                    + "\" is not supported (supported: SIMPLE, STATIC)");
        }
        LoadBalancerType lbType = config.lbType() == null || config.lbType().isEmpty() ? LoadBalancerType.DEFAULT
                : LoadBalancerType.named(config.lbType());
        if (lbType == null) {
            throw new ConfigException(path + ".lb_type", "lb_type \"" + config.lbType()
                    + "\" is not supported (supported: " + LoadBalancerType.supported() + ")");
        }
        List<DefaultHost> hosts = new ArrayList<>();
        for (int h = 0; h < config.hosts().size(); h++) {
            hosts.add(buildHost(config.hosts().get(h), config.name(), path + ".hosts[" + h + "]"));
        }
        if (lbType == LoadBalancerType.LB_MAGLEV && hosts.size() > MaglevLoadBalancer.TABLE_SIZE) {
            throw new ConfigException(path + ".hosts", "LB_MAGLEV balances over at most " + MaglevLoadBalancer.TABLE_SIZE
                    + " hosts, got " + hosts.size() + "; use LB_RING_HASH");
        }
        LoadBalancerFactory balancers = ClusterLoadBalancerFactory.of(config.name(), lbType,
                SubsetSettings.parse(config.lbSubsetConfig(), path + ".lb_subset_config"),
                SlowStartSettings.parse(config.slowStart(), path + ".slow_start"), System::nanoTime);
        return new StaticCluster(config.name(), hosts, balancers, transport, config.effectiveConnectTimeout(),
                config.bufferLimitBytes(), new UpstreamStats(), poolSettings(config, path), UpstreamTls.build(config, path),
                HealthCheckSettings.from(config.healthCheck(), path + ".health_check"));
    }

    private static PoolSettings poolSettings(ClusterConfig config, String path) throws ConfigException {
        int maxRequests = config.maxRequestPerConn() == null ? 0 : config.maxRequestPerConn();
        if (maxRequests < 0) {
            throw new ConfigException(path + ".max_request_per_conn", "expected 0 (no limit) or more, got " + maxRequests);
        }
        Duration idle = config.idleTimeout() == null ? PoolSettings.DEFAULT_IDLE_TIMEOUT : config.idleTimeout();
        if (idle.isNegative()) {
            throw new ConfigException(path + ".idle_timeout", "expected a duration of 0s (keep connections) or more");
        }
        return new PoolSettings(maxRequests, idle, PoolSettings.DEFAULT_MAX_PENDING,
                CircuitBreakersParser.parse(config.circuitBreakers(), path + ".circuit_breakers"));
    }

    /**
     * Builds the hosts of an endpoint update.
     *
     * @param configs the hosts
     * @param clusterName their cluster
     * @param path the list's JSON path, for errors
     * @return the hosts
     * @throws ConfigException naming the first bad field
     */
    public static List<DefaultHost> buildHosts(List<HostConfig> configs, String clusterName, String path)
            throws ConfigException {
        List<DefaultHost> hosts = new ArrayList<>(configs.size());
        for (int h = 0; h < configs.size(); h++) {
            hosts.add(buildHost(configs.get(h), clusterName, path + "[" + h + "]"));
        }
        return hosts;
    }

    private static DefaultHost buildHost(HostConfig config, String clusterName, String path) throws ConfigException {
        var socketAddress = SocketAddresses.parse(config.address(), path + ".address");
        if (socketAddress.getPort() == 0) {
            throw new ConfigException(path + ".address", "a host needs a port from 1 to 65535, got \"" + config.address() + "\"");
        }
        int weight = config.weight() == null || config.weight() == 0 ? 1 : config.weight();
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new ConfigException(path + ".weight", "expected a weight from 1 to " + MAX_WEIGHT + ", got " + weight);
        }
        String hostname = config.hostname() == null || config.hostname().isEmpty() ? config.address() : config.hostname();
        return new DefaultHost(config.address(), socketAddress, hostname, weight, stringMetadata(config.metadata()),
                clusterName);
    }

    private static Map<String, String> stringMetadata(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        metadata.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (e.getKey().equalsIgnoreCase("filter_metadata") && v.isObject()) {
                // MOSN's shape, {"filter_metadata": {"mosn.lb": {"version": "v1"}}}: the balancer's keys.
                JsonNode lb = v.get("mosn.lb");
                if (lb != null && lb.isObject()) {
                    lb.fields().forEachRemaining(inner -> {
                        if (inner.getValue().isValueNode()) {
                            out.put(inner.getKey(), inner.getValue().asText());
                        }
                    });
                }
            } else if (v.isValueNode()) {
                out.put(e.getKey(), v.asText());
            } else if (v.isObject()) {
                v.fields().forEachRemaining(inner -> {
                    if (inner.getValue().isValueNode()) {
                        out.put(inner.getKey(), inner.getValue().asText());
                    }
                });
            }
        });
        return Map.copyOf(out);
    }
}
