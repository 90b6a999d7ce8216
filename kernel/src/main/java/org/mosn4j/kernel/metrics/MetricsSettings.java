package org.mosn4j.kernel.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.MetricsConfig;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * The checked {@code metrics} block: whether request durations are recorded, what is left out of the export,
 * and the Prometheus sinks that listen on a port of their own.
 *
 * @param histograms whether request duration histograms are recorded (off with {@code stats_matcher.reject_all})
 * @param exclusionKeys stats keys not exported
 * @param exclusionLabels label names whose series are not exported
 * @param sinks the Prometheus sinks with a port
 */
public record MetricsSettings(boolean histograms, Set<String> exclusionKeys, Set<String> exclusionLabels,
        List<Sink> sinks) {

    /** The settings of a config without a {@code metrics} block. */
    public static final MetricsSettings DEFAULT = new MetricsSettings(true, Set.of(), Set.of(), List.of());

    /** The default path a Prometheus sink serves, as in MOSN. */
    public static final String DEFAULT_ENDPOINT = "/metrics";

    private static final String PROMETHEUS = "prometheus";

    public MetricsSettings {
        exclusionKeys = Set.copyOf(exclusionKeys);
        exclusionLabels = Set.copyOf(exclusionLabels);
        sinks = List.copyOf(sinks);
    }

    /**
     * A Prometheus sink's own HTTP listener.
     *
     * @param address where it listens: all IPv4 interfaces ({@code 0.0.0.0}), as in MOSN, on the configured port
     * @param endpoint the path it serves
     * @param path the sink's JSON path, for messages
     */
    public record Sink(InetSocketAddress address, String endpoint, String path) {
    }

    /**
     * Checks and reads the {@code metrics} block.
     *
     * @param metrics the block as written, or null
     * @param adminServer whether the config has an admin block (whose API serves {@code /metrics} too)
     * @param problems where errors are collected, each naming its JSON path
     * @return the settings; {@link #DEFAULT} parts where the block has errors
     */
    public static MetricsSettings from(JsonNode metrics, boolean adminServer, ConfigProblems problems) {
        if (metrics == null || metrics.isNull() || metrics.isMissingNode()) {
            return DEFAULT;
        }
        MetricsConfig config;
        try {
            config = ConfigBinder.INSTANCE.bind(metrics, MetricsConfig.class, "metrics");
        } catch (ConfigException e) {
            problems.add(e);
            return DEFAULT;
        }
        List<Sink> sinks = new ArrayList<>();
        Map<Integer, String> portOwners = new HashMap<>();
        for (int i = 0; i < config.sinks().size(); i++) {
            String path = "metrics.sinks[" + i + "]";
            try {
                Sink sink = sink(config.sinks().get(i), path, adminServer);
                if (sink == null) {
                    continue;
                }
                int port = sink.address().getPort();
                String owner = port == 0 ? null : portOwners.putIfAbsent(port, path);
                if (owner != null) {
                    throw new ConfigException(path + ".config.port", "port " + port + " is the port of " + owner
                            + " already; give each sink a port of its own");
                }
                sinks.add(sink);
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        MetricsConfig.StatsMatcher matcher = config.statsMatcher();
        return new MetricsSettings(!Boolean.TRUE.equals(matcher.rejectAll()), Set.copyOf(matcher.exclusionKeys()),
                Set.copyOf(matcher.exclusionLabels()), sinks);
    }

    /** @return the sink's listener, or null when it has no port (the admin API serves {@code /metrics} then) */
    private static Sink sink(MetricsConfig.Sink sink, String path, boolean adminServer) throws ConfigException {
        if (sink.type() == null || sink.type().isEmpty()) {
            throw new ConfigException(path + ".type", "expected a sink type (supported: prometheus), got nothing");
        }
        if (!sink.type().toLowerCase(Locale.ROOT).equals(PROMETHEUS)) {
            throw new ConfigException(path + ".type", "sink type \"" + sink.type()
                    + "\" is not supported (supported: prometheus)");
        }
        String configPath = path + ".config";
        MetricsConfig.PrometheusSink prometheus = ConfigBinder.INSTANCE.bind(sink.config(),
                MetricsConfig.PrometheusSink.class, configPath);
        if (prometheus.exportUrl() != null && !prometheus.exportUrl().isEmpty()) {
            throw new ConfigException(configPath + ".export_url", "pushing to a gateway is not supported; remove "
                    + "export_url and let Prometheus scrape the sink's port and endpoint");
        }
        String endpoint = prometheus.endpoint() == null || prometheus.endpoint().isEmpty()
                ? DEFAULT_ENDPOINT : prometheus.endpoint();
        if (!endpoint.startsWith("/")) {
            throw new ConfigException(configPath + ".endpoint", "expected a path starting with \"/\", got \""
                    + endpoint + "\"");
        }
        Integer port = prometheus.port();
        if (port == null) {
            if (!adminServer) {
                throw new ConfigException(configPath + ".port", "expected a port from 0 to 65535: without an admin "
                        + "block nothing else serves /metrics");
            }
            return null;
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(configPath + ".port", "expected a port from 0 to 65535, got " + port);
        }
        return new Sink(new InetSocketAddress("0.0.0.0", port), endpoint, path);
    }
}
