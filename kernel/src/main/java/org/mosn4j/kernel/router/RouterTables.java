package org.mosn4j.kernel.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.plugin.ExtensionKind;
import org.mosn4j.kernel.plugin.ExtensionRegistry;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.StreamFilterFactory;

/**
 * Every router config of the process by {@code router_config_name}: those of {@code servers[0].routers} and
 * those carried by {@code connection_manager} filters. Thread-safe: the tables of a running server are replaced
 * as a whole by a config change ({@link #replaceWith}), and each lookup reads one volatile field.
 */
public final class RouterTables {

    private volatile Map<String, RouterTable> tables;

    private RouterTables(Map<String, RouterTable> tables) {
        this.tables = tables;
    }

    /**
     * Builds every table, reporting all errors at once. A route with errors is left out of its table, so when
     * {@code problems} is not empty afterwards the tables are incomplete and the config must be refused.
     *
     * @param configs the router configs with their JSON paths
     * @param registry where {@code per_filter_config} entries find their stream filter factory; an entry
     *                 whose type has none is kept as the JSON written
     * @param problems where errors go
     * @return the tables
     */
    public static RouterTables build(List<NamedRouterConfig> configs, ExtensionRegistry registry, ConfigProblems problems) {
        return build(configs, type -> registry.<StreamFilterFactory>find(ExtensionKind.STREAM_FILTER, type).orElse(null),
                problems);
    }

    static RouterTables build(List<NamedRouterConfig> configs, Function<String, StreamFilterFactory> filters,
            ConfigProblems problems) {
        Map<String, RouterTable> tables = new LinkedHashMap<>();
        for (NamedRouterConfig named : configs) {
            String name = named.config().routerConfigName();
            String namePath = named.path() + ".router_config_name";
            // A config that cannot be registered is still built, so its other errors show at the same time.
            if (name == null || name.isEmpty()) {
                problems.add(new ConfigException(namePath, "expected a router config name, got nothing"));
                RouterTable.build(named, filters, problems);
            } else if (tables.containsKey(name)) {
                problems.add(new ConfigException(namePath, "router config \"" + name + "\" is defined twice"));
                RouterTable.build(named, filters, problems);
            } else {
                tables.put(name, RouterTable.build(named, filters, problems));
            }
        }
        return new RouterTables(Collections.unmodifiableMap(tables));
    }

    /**
     * Takes the tables of {@code other}: from now on lookups see them. Streams that already have a route keep it.
     *
     * @param other tables built for a config change
     */
    public void replaceWith(RouterTables other) {
        tables = other.tables;
    }

    /** @return the table named {@code routerConfigName}, or null */
    public RouterTable get(String routerConfigName) {
        return routerConfigName == null ? null : tables.get(routerConfigName);
    }

    /** @return every router config name, in config order */
    public Set<String> names() {
        return tables.keySet();
    }
}
