package org.mosn4j.kernel.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mosn4j.kernel.stats.RequestCounters;
import org.mosn4j.kernel.stats.StatsRegistry;

/**
 * The Prometheus metrics of one server, in a registry of its own (tests run several servers in one JVM): every
 * value of the server's {@link StatsRegistry} ({@link StatsCollector}), request duration histograms per listener
 * and cluster unless {@code stats_matcher.reject_all} is set ({@link RequestDurationHistograms}), and the JVM's
 * metrics.
 *
 * <p>The JVM metrics are process-wide, so they live in one registry of the process that each server's registry
 * reads at scrape time: the library keeps every registry it registers JVM metrics with, and a GC listener for
 * each, for the life of the JVM.
 *
 * <p>Scrapes run on a thread of their own, one at a time, not on the event loop that received the request: the
 * JVM metrics read {@code /proc} and MXBeans, and the event loops carry traffic. Thread-safe.
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** The content type of {@link #scrape()}'s text: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestDurationHistograms durations;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final ExecutorService scraper = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "mosn4j-metrics-scrape");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param stats the server's stats
     * @param settings the checked {@code metrics} block
     */
    public PrometheusMetrics(StatsRegistry stats, MetricsSettings settings) {
        Set<String> reserved = new HashSet<>();
        if (settings.histograms()) {
            durations = new RequestDurationHistograms(registry);
            reserved.addAll(RequestDurationHistograms.exposedNames());
        } else {
            durations = null;
        }
        registry.register(new StatsCollector(stats, reserved, settings.exclusionKeys(), settings.exclusionLabels()));
        registry.register((MultiCollector) Jvm.REGISTRY::scrape);
    }

    /**
     * Records the durations of a listener's requests, when histograms are on. Call once per listener, before
     * traffic.
     *
     * @param name the listener name
     * @param requests its request counters
     */
    public void bindListener(String name, RequestCounters requests) {
        if (durations != null) {
            requests.observeDurations(durations.listener(name));
        }
    }

    /**
     * Records the durations of a cluster's upstream requests, when histograms are on. Call once per cluster.
     *
     * @param name the cluster name
     * @param requests its request counters (the cluster's, not a host's)
     */
    public void bindCluster(String name, RequestCounters requests) {
        if (durations != null) {
            requests.observeDurations(durations.cluster(name));
        }
    }

    /** @return whether request duration histograms are recorded */
    public boolean histograms() {
        return durations != null;
    }

    /**
     * @return completes with every metric in Prometheus text format ({@link #CONTENT_TYPE}), computed on the
     *         scrape thread
     * @throws java.util.concurrent.RejectedExecutionException after {@link #close()}
     */
    public CompletableFuture<String> scrape() {
        return CompletableFuture.supplyAsync(this::text, scraper);
    }

    private String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Stops the scrape thread; later scrapes are refused. */
    @Override
    public void close() {
        scraper.shutdownNow();
    }

    /** The process's JVM metrics, registered once. */
    private static final class Jvm {
        static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

        static {
            JvmMetrics.builder().register(REGISTRY);
        }
    }
}
