package org.mosn4j.plugin.filters.faulttolerance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.mosn4j.spi.upstream.Cluster;
import org.mosn4j.spi.upstream.ClusterManager;
import org.mosn4j.spi.upstream.HostEjectionPolicy;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MOSN's {@code fault_tolerance}: takes hosts that fail out of load balancing for a while. The filter is
 * where the config lives; the work is the kernel's host ejection ({@link Cluster#enableHostEjection}), which
 * judges every attempt the proxy makes to a host, retries included, whatever the protocol. The filter adds
 * nothing to streams, so it costs requests nothing.
 *
 * <p>Ejection is a property of a cluster's hosts, shared by every listener that sends to the cluster, so a
 * cluster takes one policy: two {@code fault_tolerance} configs that cover one cluster must agree.
 * Thread-safe; {@link #configure} runs at startup.
 */
@Extension
public final class FaultToleranceFilterFactory implements StreamFilterFactory {

    /** The type string. */
    static final String TYPE = "fault_tolerance";

    private static final Logger LOG = LoggerFactory.getLogger(FaultToleranceFilterFactory.class);
    /** Which config turned ejection on for a cluster, to name it in errors. Weak: clusters of a stopped server go. */
    private static final Map<Cluster, String> CONFIGURED_AT = new WeakHashMap<>();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        String path = context.configPath();
        FaultToleranceConfig parsed = ConfigBinder.INSTANCE.bind(config, FaultToleranceConfig.class, path);
        HostEjectionPolicy policy = EjectionPolicies.of(parsed, path);
        List<Cluster> clusters = clusters(parsed.clusters(), context.clusterManager(), path);
        if (!Boolean.TRUE.equals(parsed.enabled())) {
            LOG.info("{}: enabled is false; no host is ejected", path);
            return chain -> {
            };
        }
        for (Cluster cluster : clusters) {
            enable(cluster, policy, path);
        }
        LOG.info("{}: hosts of {} are ejected after {} failures in a row or a failure rate judged every {} ms; back after"
                + " {} ms, at most {} ms", path, clusters.stream().map(Cluster::name).toList(),
                policy.consecutiveFailures(), policy.interval().toMillis(), policy.baseEjectionTime().toMillis(),
                policy.maxEjectionTime().toMillis());
        return chain -> {
        };
    }

    private static List<Cluster> clusters(List<String> names, ClusterManager manager, String path)
            throws ConfigException {
        List<Cluster> out = new ArrayList<>();
        if (names == null) {
            for (String name : manager.clusterNames()) {
                manager.cluster(name).ifPresent(out::add);
            }
            return out;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Cluster cluster = name == null ? null : manager.cluster(name).orElse(null);
            if (cluster == null) {
                throw new ConfigException(path + ".clusters[" + i + "]", "no cluster is named \"" + name
                        + "\" (clusters: " + String.join(", ", manager.clusterNames()) + ")");
            }
            out.add(cluster);
        }
        return out;
    }

    private static void enable(Cluster cluster, HostEjectionPolicy policy, String path) throws ConfigException {
        synchronized (CONFIGURED_AT) {
            try {
                cluster.enableHostEjection(policy);
            } catch (IllegalStateException e) {
                throw new ConfigException(path, "cluster " + cluster.name() + " already ejects hosts by the different"
                        + " fault_tolerance config at " + CONFIGURED_AT.getOrDefault(cluster, "another listener")
                        + "; a cluster's hosts are shared by every listener, so give both configs the same settings or"
                        + " list different clusters in \"clusters\"");
            } catch (UnsupportedOperationException e) {
                throw new ConfigException(path, e.getMessage());
            }
            CONFIGURED_AT.putIfAbsent(cluster, path);
        }
    }

    @Override
    public Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
        throw new ConfigException(path, "fault_tolerance has no per-route settings: ejection applies to a cluster's"
                + " hosts whichever route sends to them; remove this entry and configure it in the listener's"
                + " stream_filters (\"clusters\" limits it to some clusters)");
    }
}
