package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.RouterConfig;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamFilterFactory;

/** Builds router tables from JSON text and requests from a few strings. */
final class RouterTesting {

    /** The JSON path the tables built here are reported under. */
    static final String PATH = "servers[0].routers[0]";

    private RouterTesting() {
    }

    static RouterConfig bind(String json) throws Exception {
        return ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree(json), RouterConfig.class, PATH);
    }

    /** @return the table of a router config that must build without problems, with no stream filters */
    static RouterTable table(String json) throws Exception {
        return table(json, type -> null);
    }

    static RouterTable table(String json, Function<String, StreamFilterFactory> filters) throws Exception {
        ConfigProblems problems = new ConfigProblems();
        RouterConfig config = bind(json);
        RouterTables tables = RouterTables.build(List.of(new NamedRouterConfig(config, PATH)), filters, problems);
        assertEquals(List.of(), problems.all());
        RouterTable table = tables.get(config.routerConfigName());
        assertNotNull(table);
        return table;
    }

    /** @return what building the router configs reports */
    static List<ConfigException> problems(String... json) throws Exception {
        return problems(type -> null, json);
    }

    static List<ConfigException> problems(Function<String, StreamFilterFactory> filters, String... json)
            throws Exception {
        ConfigProblems problems = new ConfigProblems();
        List<NamedRouterConfig> configs = new ArrayList<>();
        for (int i = 0; i < json.length; i++) {
            configs.add(new NamedRouterConfig(bind(json[i]), "servers[0].routers[" + i + "]"));
        }
        RouterTables.build(configs, filters, problems);
        return problems.all();
    }

    /** A router config named "r" with one catch-all virtual host holding {@code routes} (a JSON list body). */
    static String oneHost(String routes) {
        return "{\"router_config_name\": \"r\", \"virtual_hosts\": [{\"name\": \"vh\", \"domains\": [\"*\"], "
                + "\"routers\": [" + routes + "]}]}";
    }

    /**
     * @param authority the {@code :authority}, or null
     * @param path the {@code :path}, or null
     * @param headers more names and values, alternating
     */
    static HeaderMap request(String authority, String path, String... headers) {
        HeaderMap request = new DefaultHeaderMap();
        request.set(HeaderNames.METHOD, "GET");
        if (authority != null) {
            request.set(HeaderNames.AUTHORITY, authority);
        }
        if (path != null) {
            request.set(HeaderNames.PATH, path);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.add(headers[i], headers[i + 1]);
        }
        return request;
    }

    /** @return the cluster the table routes the request to, or null when no route matches */
    static String clusterFor(RouterTable table, HeaderMap request) {
        return clusterFor(table, request, Map.of());
    }

    static String clusterFor(RouterTable table, HeaderMap request, Map<String, String> variables) {
        RouteEntry route = table.match(request, variables::get);
        return route == null ? null : route.chooseCluster(request);
    }
}
