package org.mosn4j.kernel.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.mosn4j.kernel.dynamic.ConfigUpdater;
import org.mosn4j.kernel.log.LogLevels;
import org.mosn4j.kernel.metrics.PrometheusMetrics;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.stats.StatsRegistry;

/**
 * What the admin API reads and changes.
 *
 * @param version the mosn4j version
 * @param effectiveConfig the running config's JSON as written
 * @param stats the stats registry
 * @param state MOSN's numeric server state (6 running, 8 graceful stopping, ...)
 * @param logLevels the loggers
 * @param features named on/off facts about this process, such as the transport in use; computed when asked (finding
 *        the TLS engine loads native code, which startup need not wait for)
 * @param plugins the plugin host, for listing and managing plugins
 * @param metrics the Prometheus metrics served at {@code /metrics}, or null for none
 * @param updates applies config changes posted to {@code /api/v1/config/update}, or null for none
 * @param configFile the config file, which {@code ?persist=true} rewrites; null when the config came from none
 */
public record AdminContext(
        String version,
        Supplier<JsonNode> effectiveConfig,
        StatsRegistry stats,
        IntSupplier state,
        LogLevels logLevels,
        Supplier<Map<String, Boolean>> features,
        PluginHost plugins,
        PrometheusMetrics metrics,
        ConfigUpdater updates,
        Path configFile) {
}
