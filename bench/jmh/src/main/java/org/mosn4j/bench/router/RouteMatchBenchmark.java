package org.mosn4j.bench.router;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.mosn4j.bench.support.BrowserRequest;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.RouterConfig;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.router.NamedRouterConfig;
import org.mosn4j.kernel.router.RouteEntry;
import org.mosn4j.kernel.router.RouterTable;
import org.mosn4j.kernel.router.RouterTables;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.stream.HeaderMap;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route matching ({@link RouterTable#match}) in a router config of {@value #ROUTES} routes, built from MOSN JSON
 * as the server builds it ({@link RouterTables#build} with the process's extension registry). One virtual host
 * with domain {@code *}; route {@code i} matches, by {@code i % 3}, the prefix {@code /svc-i/}, the exact path
 * {@code /api/item-i}, or the header {@code x-tenant: tenant-i}. Routes are tried in config order, so the cost
 * grows with the position of the route that matches:
 * <ul>
 *   <li>{@code first}: {@code /svc-0/users/42}, route 0 (a prefix);</li>
 *   <li>{@code middle}: {@code x-tenant: tenant-500}, route 500 (a header);</li>
 *   <li>{@code last}: {@code /svc-999/users/42}, route 999 (a prefix);</li>
 *   <li>{@code none}: a path and tenant no route has; every route is tried and the proxy would answer 404.</li>
 * </ul>
 * Each request has the headers the Http1 codec makes of a browser's GET: 4 pseudo headers and 8 others,
 * {@code x-tenant} last.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RouteMatchBenchmark {

    static final int ROUTES = 1000;

    @Param({"first", "middle", "last", "none"})
    public String hit;

    private RouterTable table;
    private HeaderMap request;
    /** What the proxy hands the matcher for {@code match.variables}, looked up in the request's headers. */
    private Function<String, String> variables;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        table = build(routerConfig());
        request = switch (hit) {
            case "first" -> request("/svc-0/users/42", "tenant-other");
            case "middle" -> request("/orders/42", "tenant-500");
            case "last" -> request("/svc-999/users/42", "tenant-other");
            case "none" -> request("/nothing/here", "tenant-other");
            default -> throw new IllegalArgumentException("hit: expected first, middle, last or none, got " + hit);
        };
        variables = request::get;
        String expected = switch (hit) {
            case "first" -> "c0";
            case "middle" -> "c500";
            case "last" -> "c999";
            default -> null;
        };
        RouteEntry route = match();
        String cluster = route == null ? null : route.chooseCluster(request);
        if (expected == null ? cluster != null : !expected.equals(cluster)) {
            throw new IllegalStateException("request \"" + hit + "\" went to " + cluster + ", expected " + expected);
        }
    }

    @Benchmark
    public RouteEntry match() {
        return table.match(request, variables);
    }

    /** @return a {@code servers[0].routers} entry named {@code bench} with {@value #ROUTES} routes */
    static String routerConfig() {
        StringBuilder json = new StringBuilder("{\"router_config_name\": \"bench\", \"virtual_hosts\": [{"
                + "\"name\": \"all\", \"domains\": [\"*\"], \"routers\": [\n");
        for (int i = 0; i < ROUTES; i++) {
            String match = switch (i % 3) {
                case 0 -> "{\"prefix\": \"/svc-" + i + "/\"}";
                case 1 -> "{\"path\": \"/api/item-" + i + "\"}";
                default -> "{\"headers\": [{\"name\": \"x-tenant\", \"value\": \"tenant-" + i + "\"}]}";
            };
            json.append(i == 0 ? "" : ",\n").append("{\"match\": ").append(match)
                    .append(", \"route\": {\"cluster_name\": \"c").append(i).append("\"}}");
        }
        return json.append("\n]}]}").toString();
    }

    private static RouterTable build(String json) throws Exception {
        RouterConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree(json),
                RouterConfig.class, "servers[0].routers[0]");
        ConfigProblems problems = new ConfigProblems();
        Path noPlugins = Files.createTempDirectory("mosn4j-bench-plugins");
        PluginHost plugins = PluginHost.load(noPlugins);
        try {
            RouterTables tables = RouterTables.build(List.of(new NamedRouterConfig(config, "servers[0].routers[0]")),
                    plugins.registry(), problems);
            problems.throwIfAny();
            return tables.get("bench");
        } finally {
            plugins.stop();
            deleteQuietly(noPlugins);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }

    private static HeaderMap request(String path, String tenant) {
        HeaderMap request = BrowserRequest.get(path);
        request.add("x-forwarded-for", "192.0.2.7");
        request.add("x-forwarded-proto", "http");
        request.add("x-tenant", tenant);
        return request;
    }
}
