package org.mosn4j.kernel.upstream;

import java.net.InetSocketAddress;
import java.util.Map;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.kernel.stats.EjectionCounters;
import org.mosn4j.kernel.stats.HealthCounters;
import org.mosn4j.kernel.stats.RequestCounters;
import org.mosn4j.kernel.stats.UpstreamStats;
import org.mosn4j.spi.upstream.Host;

/**
 * A configured host with its own stats and the record of its request outcomes that host ejection judges.
 * Thread-safe; compared by identity (each cluster has its own host objects).
 */
public final class DefaultHost implements Host {

    private final String address;
    private final InetSocketAddress socketAddress;
    private final String hostname;
    private final int weight;
    private final Map<String, String> metadata;
    private final String clusterName;
    private final HostOutcomes outcomes;
    private final UpstreamStats stats;
    private final HealthCounters health = new HealthCounters();
    private final PeakEwma latency = new PeakEwma();
    private volatile boolean healthy = true;

    /**
     * @param address the address as configured, {@code "ip:port"}
     * @param socketAddress the resolved address
     * @param hostname the name from config, or the address
     * @param weight the load-balancing weight, at least 1
     * @param metadata string metadata
     * @param clusterName the owning cluster
     */
    public DefaultHost(String address, InetSocketAddress socketAddress, String hostname, int weight,
            Map<String, String> metadata, String clusterName) {
        this.address = address;
        this.socketAddress = socketAddress;
        this.hostname = hostname;
        this.weight = weight;
        this.metadata = Map.copyOf(metadata);
        this.clusterName = clusterName;
        this.outcomes = new HostOutcomes(this);
        this.stats = new UpstreamStats(new ConnectionCounters(), new RequestCounters(outcomes));
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public InetSocketAddress socketAddress() {
        return socketAddress;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public boolean ejected() {
        return outcomes.ejected();
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    /**
     * Records the health check's verdict; the owner then calls {@link StaticCluster#refreshHosts()}.
     *
     * @param healthy whether the host passes its health check
     * @return whether the verdict changed
     */
    public boolean markHealthy(boolean healthy) {
        boolean changed = this.healthy != healthy;
        this.healthy = healthy;
        return changed;
    }

    /** @return whether {@code other} is configured the same: address, name, weight and metadata */
    boolean sameAs(DefaultHost other) {
        return address.equals(other.address) && hostname.equals(other.hostname) && weight == other.weight
                && metadata.equals(other.metadata);
    }

    /** @return the host's connection and request stats */
    public UpstreamStats stats() {
        return stats;
    }

    /** @return the host's health check counts */
    public HealthCounters health() {
        return health;
    }

    /** @return the host's ejection counts */
    public EjectionCounters ejections() {
        return outcomes.counters();
    }

    /** A connection to this host could not be established (refused, unreachable, timed out). */
    public void connectFailed() {
        outcomes.onConnectFailure();
    }

    HostOutcomes outcomes() {
        return outcomes;
    }

    /**
     * Records how long an attempt on this host took, for {@code LB_PEAK_EWMA}. Lock-free; called by every event
     * loop that finishes an attempt here.
     *
     * @param nanos the attempt's duration
     * @param ok whether it ended with a response (failures only ever raise the estimate)
     */
    public void recordLatency(long nanos, boolean ok) {
        latency.record(nanos, ok, System.nanoTime());
    }

    /** @return the host's peak-sensitive latency average */
    PeakEwma latency() {
        return latency;
    }

    @Override
    public String toString() {
        return address + " (cluster " + clusterName + ")";
    }
}
