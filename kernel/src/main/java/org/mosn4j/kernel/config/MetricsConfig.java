package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * MOSN's top-level {@code metrics}: {@code {"sinks": [{"type": "prometheus", "config": {...}}],
 * "stats_matcher": {...}}}. MOSN's other keys ({@code shm_zone}, {@code flush_mosn}, {@code lazy_flush},
 * {@code sample_config}) load and are not used.
 *
 * @param sinks where metrics are published
 * @param statsMatcher which stats are kept
 */
public record MetricsConfig(List<Sink> sinks, StatsMatcher statsMatcher) {

    public MetricsConfig {
        sinks = ConfigBinder.orEmpty(sinks);
        statsMatcher = statsMatcher == null ? new StatsMatcher(null, null, null) : statsMatcher;
    }

    /**
     * One sink.
     *
     * @param type the sink type; {@code prometheus} is the one there is
     * @param config the sink's own block, such as a {@link PrometheusSink}
     */
    public record Sink(String type, JsonNode config) {
    }

    /**
     * The {@code config} of a {@code prometheus} sink, as in MOSN.
     *
     * @param port the port of the sink's own HTTP listener
     * @param endpoint the path it serves, {@code /metrics} when absent
     * @param exportUrl a push gateway address (MOSN's push mode, which it does not implement either)
     */
    public record PrometheusSink(Integer port, String endpoint, String exportUrl) {
    }

    /**
     * {@code stats_matcher}.
     *
     * @param rejectAll turns off what costs time on each request
     * @param exclusionLabels label names (such as {@code host}) whose series are not exported
     * @param exclusionKeys stats keys (such as {@code request_time_total}) that are not exported
     */
    public record StatsMatcher(Boolean rejectAll, List<String> exclusionLabels, List<String> exclusionKeys) {

        public StatsMatcher {
            exclusionLabels = ConfigBinder.orEmpty(exclusionLabels);
            exclusionKeys = ConfigBinder.orEmpty(exclusionKeys);
        }
    }
}
