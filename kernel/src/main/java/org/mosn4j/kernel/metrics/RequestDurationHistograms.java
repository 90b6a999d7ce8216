package org.mosn4j.kernel.metrics;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Request duration histograms in seconds, with the buckets of {@link #BUCKETS}:
 * {@code mosn_downstream_request_duration_seconds{listener}}, from a request's headers being decoded to the end
 * of its response (or its reset), and {@code mosn_upstream_request_duration_seconds{cluster}}, from a host being
 * chosen (pool wait included) to the end of the upstream response, one observation per upstream attempt (retries
 * and mirrored requests included). Failed requests are observed too.
 *
 * <p>Classic buckets only (the text format shows nothing else) and no exemplars. The data point of a listener or
 * cluster is looked up once, when it is bound; each observation then adds to that data point's
 * {@link java.util.concurrent.atomic.LongAdder}s: no lookup, no lock (except while a scrape reads that very data
 * point, when the library buffers observations under a lock for a moment) and, once the JIT has compiled it,
 * no allocation.
 */
final class RequestDurationHistograms {

    /** Bucket upper bounds in seconds, from 0.5 ms to 10 s; slower requests count in {@code +Inf} only. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final String DOWNSTREAM = "mosn_downstream_request_duration_seconds";
    static final String UPSTREAM = "mosn_upstream_request_duration_seconds";

    private static final double NANOS_PER_SECOND = 1e9;

    private final Histogram downstream;
    private final Histogram upstream;

    /** @param registry where both histograms are registered */
    RequestDurationHistograms(PrometheusRegistry registry) {
        downstream = histogram(DOWNSTREAM, "Duration of requests through a listener, from the request's headers to "
                + "the end of its response", "listener", registry);
        upstream = histogram(UPSTREAM, "Duration of upstream requests (each attempt) to a cluster, from choosing a "
                + "host to the end of the upstream response", "cluster", registry);
    }

    private static Histogram histogram(String name, String help, String label, PrometheusRegistry registry) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .unit(Unit.SECONDS)
                .labelNames(label)
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    /** @return the sample names both histograms show, for {@link StatsCollector}'s clash check */
    static List<String> exposedNames() {
        return List.of(DOWNSTREAM, DOWNSTREAM + "_bucket", DOWNSTREAM + "_count", DOWNSTREAM + "_sum",
                DOWNSTREAM + "_created", UPSTREAM, UPSTREAM + "_bucket", UPSTREAM + "_count", UPSTREAM + "_sum",
                UPSTREAM + "_created");
    }

    /** @return an observer of the listener's request durations in nanoseconds */
    LongConsumer listener(String name) {
        return observer(downstream.labelValues(name));
    }

    /** @return an observer of the cluster's request durations in nanoseconds */
    LongConsumer cluster(String name) {
        return observer(upstream.labelValues(name));
    }

    private static LongConsumer observer(DistributionDataPoint point) {
        return nanos -> point.observe(nanos / NANOS_PER_SECOND);
    }
}
