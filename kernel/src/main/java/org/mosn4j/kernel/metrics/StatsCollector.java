package org.mosn4j.kernel.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mosn4j.kernel.stats.StatsRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports every value of a {@link StatsRegistry} as it is at scrape time: each key becomes a metric named by
 * {@link StatMetric}, of the kind {@link StatKind} gives, and each namespace a set of labels by
 * {@link NamespaceLabels}. Keys and namespaces registered later are exported with no more code.
 *
 * <p>A value whose name would clash with another metric (a counter {@code x} and a gauge {@code x_total} both
 * show as {@code x_total}), or with a name in {@code reserved}, is left out and logged once, as is a counter
 * with a negative value; the rest of the scrape goes on.
 */
final class StatsCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(StatsCollector.class);

    private final StatsRegistry stats;
    private final Set<String> reserved;
    private final Set<String> exclusionKeys;
    private final Set<String> exclusionLabels;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /**
     * @param stats the stats to export
     * @param reserved sample names other collectors of the same registry use
     * @param exclusionKeys keys not exported
     * @param exclusionLabels label names whose namespaces are not exported
     */
    StatsCollector(StatsRegistry stats, Set<String> reserved, Set<String> exclusionKeys, Set<String> exclusionLabels) {
        this.stats = stats;
        this.reserved = Set.copyOf(reserved);
        this.exclusionKeys = Set.copyOf(exclusionKeys);
        this.exclusionLabels = Set.copyOf(exclusionLabels);
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(reserved);
        stats.snapshot().forEach((type, namespaces) -> namespaces.forEach((namespace, values) -> {
            Labels labels = NamespaceLabels.of(namespace);
            if (excluded(labels)) {
                return;
            }
            values.forEach((key, value) -> {
                if (!exclusionKeys.contains(key)) {
                    add(families, taken, type, namespace, key, labels, value);
                }
            });
        }));
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        families.values().forEach(family -> snapshots.add(family.build()));
        return new MetricSnapshots(snapshots);
    }

    private boolean excluded(Labels labels) {
        for (Label label : labels) {
            if (exclusionLabels.contains(label.getName())) {
                return true;
            }
        }
        return false;
    }

    private void add(Map<String, Family> families, Set<String> taken, String type, String namespace, String key,
            Labels namespaceLabels, long value) {
        StatMetric metric = StatMetric.of(type, key);
        Family family = families.get(metric.name());
        if (family == null) {
            for (String name : metric.exposedNames()) {
                if (taken.contains(name)) {
                    skip(type, key, "its metric name " + metric.name() + " clashes with another metric");
                    return;
                }
            }
            taken.addAll(List.of(metric.exposedNames()));
            family = new Family(metric, type, key);
            families.put(metric.name(), family);
        }
        Labels labels = namespaceLabels.merge(metric.labels());
        if (family.metric.kind() != metric.kind()) {
            skip(type, key, "metric " + metric.name() + " is a " + family.metric.kind() + " already");
        } else if (metric.kind() == StatKind.COUNTER && value < 0) {
            skip(type, key, "it is a counter and " + type + "." + namespace + " has the negative value " + value);
        } else if (!family.labelSets.add(labels)) {
            skip(type, key, "metric " + metric.name() + " has a series " + labels + " already");
        } else {
            family.add(labels, value);
        }
    }

    private void skip(String type, String key, String reason) {
        if (reported.add(type + "." + key)) {
            LOG.warn("stats key {} ({}) is not exported to Prometheus: {}", key, type, reason);
        }
    }

    /** The data points of one metric, collected from all namespaces. */
    private static final class Family {

        final StatMetric metric;
        final Set<Labels> labelSets = new HashSet<>();
        final CounterSnapshot.Builder counter;
        final GaugeSnapshot.Builder gauge;

        Family(StatMetric metric, String type, String key) {
            this.metric = metric;
            String help = metric.labels().isEmpty()
                    ? "mosn4j stats key " + key + " (" + type + ")"
                    : "mosn4j stats keys request_1xx_total to request_5xx_total (" + type + "): responses by status class";
            if (metric.kind() == StatKind.COUNTER) {
                counter = CounterSnapshot.builder().name(metric.name()).help(help);
                gauge = null;
            } else {
                gauge = GaugeSnapshot.builder().name(metric.name()).help(help);
                counter = null;
            }
        }

        void add(Labels labels, long value) {
            if (counter != null) {
                counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
            } else {
                gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
            }
        }

        MetricSnapshot build() {
            return counter != null ? counter.build() : gauge.build();
        }
    }
}
