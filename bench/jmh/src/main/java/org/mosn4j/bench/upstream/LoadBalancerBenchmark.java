package org.mosn4j.bench.upstream;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.upstream.ClusterManagerBuilder;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.upstream.Host;
import org.mosn4j.spi.upstream.LoadBalancerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One host pick ({@link StaticCluster#chooseHost}, what the proxy calls per request and per retry) from a
 * {@code SIMPLE} cluster built from MOSN JSON, for each {@code lb_type} over 10 and 100 hosts, on one thread and
 * on two threads sharing the cluster (every event loop picks from the same balancer).
 *
 * <p>Host {@code i} has weight {@code 1 + i % 4} and metadata {@code version} {@code v1} or {@code v2} by
 * {@code i % 2}. {@code LB_PEAK_EWMA}'s hosts have one latency sample each. The hash balancers
 * ({@code LB_MAGLEV}, {@code LB_RING_HASH}) get a different hash key each pick, from a table of 1024 per thread.
 * {@code SUBSET} is {@code LB_ROUNDROBIN} with {@code lb_subset_config} selecting by {@code version}, and every
 * request asks for {@code version: v2}. ({@code LB_REQUEST_ROUNDROBIN} is {@code LB_ROUNDROBIN}'s balancer.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class LoadBalancerBenchmark {

    /** The cluster, shared by the threads of a run. */
    @State(Scope.Benchmark)
    public static class Cluster {

        @Param({"LB_ROUNDROBIN", "LB_WEIGHTED_ROUNDROBIN", "LB_RANDOM", "LB_LEAST_REQUEST", "LB_LEAST_CONNECTION",
                "LB_PEAK_EWMA", "LB_MAGLEV", "LB_RING_HASH", "SUBSET"})
        public String lbType;

        @Param({"10", "100"})
        public int hosts;

        StaticCluster cluster;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            boolean subset = lbType.equals("SUBSET");
            String json = clusterConfig(subset ? "LB_ROUNDROBIN" : lbType, hosts, subset);
            ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree(json),
                    ClusterManagerConfig.class, "cluster_manager");
            ConfigProblems problems = new ConfigProblems();
            DefaultClusterManager clusters = ClusterManagerBuilder.build(config, Transport.NIO, problems);
            problems.throwIfAny();
            cluster = clusters.staticCluster("bench");
            List<DefaultHost> members = cluster.hosts();
            for (int i = 0; i < members.size(); i++) {
                cluster.recordLatency(members.get(i), 2_000_000 + 10_000L * i, true);
            }
        }
    }

    /** What one thread's requests show the balancer: a hash key each, and the subset they ask for. */
    @State(Scope.Thread)
    public static class Request implements LoadBalancerContext {

        private static final Map<String, String> VERSION_V2 = Map.of("version", "v2");

        private final long[] keys = new long[1024];
        private int next;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < keys.length; i++) {
                long key;
                do {
                    key = random.nextLong();
                } while (key == NO_HASH_KEY);
                keys[i] = key;
            }
        }

        @Override
        public long hashKey() {
            return keys[next++ & (keys.length - 1)];
        }

        @Override
        public Map<String, String> metadataMatch() {
            return VERSION_V2;
        }
    }

    @Benchmark
    public Host pick(Cluster cluster, Request request) {
        return cluster.cluster.chooseHost(request);
    }

    @Benchmark
    @Threads(2)
    public Host pickTwoThreads(Cluster cluster, Request request) {
        return cluster.cluster.chooseHost(request);
    }

    /** @return a {@code cluster_manager} block with one cluster, {@code bench} */
    static String clusterConfig(String lbType, int hosts, boolean subset) {
        StringBuilder json = new StringBuilder("{\"clusters\": [{\"name\": \"bench\", \"type\": \"SIMPLE\", "
                + "\"lb_type\": \"" + lbType + "\", ");
        if (subset) {
            json.append("\"lb_subset_config\": {\"fall_back_policy\": 1, \"subset_selectors\": [[\"version\"]]}, ");
        }
        json.append("\"hosts\": [");
        for (int i = 0; i < hosts; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"address\": \"10.0.").append(i / 250).append('.')
                    .append(1 + i % 250).append(":8080\", \"weight\": ").append(1 + i % 4)
                    .append(", \"metadata\": {\"filter_metadata\": {\"mosn.lb\": {\"version\": \"")
                    .append(i % 2 == 0 ? "v1" : "v2").append("\"}}}}");
        }
        return json.append("]}]}").toString();
    }
}
