package org.mosn4j.kernel.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.mosn4j.kernel.metrics.PrometheusMetrics;
import org.mosn4j.spi.config.ConfigBinder;

/** MOSN's admin endpoints, by path. */
final class AdminApi {

    private static final ObjectMapper JSON = ConfigBinder.INSTANCE.mapper();
    private static final Map<String, String> DUMP_SECTIONS = Map.of(
            "mosnconfig", "mosn_config", "alllisteners", "listener", "allclusters", "cluster", "allrouters", "routers");
    private static final Map<String, String> DUMP_ITEMS = Map.of(
            "listener", "listener", "cluster", "cluster", "router", "routers");

    private final AdminContext context;
    private final Map<String, AdminEndpoint> endpoints = new LinkedHashMap<>();

    AdminApi(AdminContext context) {
        this.context = context;
        add("/api/v1/version", HttpMethod.GET, r -> AdminResponse.text(OK, "mosn4j version: " + context.version()));
        add("/api/v1/config_dump", HttpMethod.GET, this::configDump);
        add("/api/v1/stats", HttpMethod.GET, this::stats);
        add("/api/v1/states", HttpMethod.GET, r -> AdminResponse.text(OK,
                "pid=" + ProcessHandle.current().pid() + "&state=" + context.state().getAsInt() + "\n"));
        add("/api/v1/get_loglevel", HttpMethod.GET, r -> AdminResponse.json(JSON.writeValueAsString(context.logLevels().levels())));
        add("/api/v1/update_loglevel", HttpMethod.POST, this::updateLogLevel);
        add("/api/v1/enable_log", HttpMethod.POST, r -> toggleLog(r, true));
        add("/api/v1/disable_log", HttpMethod.POST, r -> toggleLog(r, false));
        add("/api/v1/features", HttpMethod.GET, this::features);
        add("/api/v1/env", HttpMethod.GET, this::env);
        PluginEndpoints plugins = new PluginEndpoints(context.plugins());
        add("/api/v1/plugin", HttpMethod.GET, plugins::list);
        addAsync("/api/v1/plugin/load", HttpMethod.POST, plugins::load);
        addAsync("/api/v1/plugin/disable", HttpMethod.POST, plugins::disable);
        addAsync("/api/v1/plugin/enable", HttpMethod.POST, plugins::enable);
        addAsync("/api/v1/plugin/unload", HttpMethod.POST, plugins::unload);
        if (context.metrics() != null) {
            addAsync("/metrics", HttpMethod.GET, r -> metrics(context.metrics()));
        }
        if (context.updates() != null) {
            addAsync("/api/v1/config/update", HttpMethod.POST,
                    new ConfigUpdateEndpoint(context.updates(), context.configFile())::update);
        }
    }

    /**
     * An API with one path: a Prometheus sink's own listener.
     *
     * @param path the sink's endpoint
     * @param metrics what it serves
     */
    AdminApi(String path, PrometheusMetrics metrics) {
        this.context = null;
        addAsync(path, HttpMethod.GET, r -> metrics(metrics));
    }

    private static CompletionStage<AdminResponse> metrics(PrometheusMetrics metrics) {
        return metrics.scrape().thenApply(text -> new AdminResponse(OK, PrometheusMetrics.CONTENT_TYPE, text));
    }

    private void add(String path, HttpMethod method, AdminEndpoint.Handler handler) {
        endpoints.put(path, AdminEndpoint.of(path, method, handler));
    }

    private void addAsync(String path, HttpMethod method, AdminEndpoint.AsyncHandler handler) {
        endpoints.put(path, new AdminEndpoint(path, method, handler));
    }

    /** @return the endpoint for a path, or null */
    AdminEndpoint endpoint(String path) {
        return endpoints.get(path);
    }

    /** @return the help text listing every path */
    String help() {
        StringBuilder out = new StringBuilder("supported APIs:\n");
        for (String path : new java.util.TreeSet<>(endpoints.keySet())) {
            out.append(path).append('\n');
        }
        return out.toString();
    }

    private AdminResponse configDump(AdminRequest request) throws JsonProcessingException {
        ConfigDump dump = new ConfigDump(context.effectiveConfig().get());
        if (request.params().isEmpty()) {
            return AdminResponse.json(JSON.writeValueAsString(dump.all()));
        }
        if (request.params().size() > 1 || request.params().values().iterator().next().size() > 1) {
            return AdminResponse.text(BAD_REQUEST, "only support one parameter");
        }
        String key = request.params().keySet().iterator().next();
        String section = DUMP_SECTIONS.get(key);
        if (section != null) {
            return AdminResponse.json(pretty(dump.section(section)));
        }
        String itemSection = DUMP_ITEMS.get(key);
        if (itemSection == null) {
            return AdminResponse.error(BAD_REQUEST, "unknown parameter " + key + "; use one of mosnconfig, allrouters, "
                    + "allclusters, alllisteners, router=NAME, cluster=NAME, listener=NAME");
        }
        String name = request.param(key);
        JsonNode item = dump.section(itemSection).get(name);
        if (item == null) {
            return AdminResponse.error(NOT_FOUND, "no " + key + " named " + name);
        }
        return AdminResponse.json(pretty(item));
    }

    private AdminResponse stats(AdminRequest request) throws JsonProcessingException {
        var all = context.stats().snapshot();
        if (request.params().isEmpty()) {
            return AdminResponse.json(pretty(asStrings(all)));
        }
        if (request.params().size() > 1) {
            return AdminResponse.text(BAD_REQUEST, "only support one parameter");
        }
        String key = request.param("key") == null ? "" : request.param("key");
        for (var type : all.entrySet()) {
            for (var namespace : type.getValue().entrySet()) {
                if (key.equals(type.getKey() + "." + namespace.getKey())) {
                    return AdminResponse.json(pretty(asStrings(Map.of(type.getKey(), Map.of(namespace.getKey(), namespace.getValue())))));
                }
            }
        }
        return AdminResponse.text(NOT_FOUND, "no metrics key: " + key);
    }

    /** MOSN prints every metric value as a string. */
    private static Map<String, Map<String, Map<String, String>>> asStrings(Map<String, Map<String, Map<String, Long>>> stats) {
        Map<String, Map<String, Map<String, String>>> out = new TreeMap<>();
        stats.forEach((type, namespaces) -> {
            Map<String, Map<String, String>> ns = new TreeMap<>();
            namespaces.forEach((name, values) -> {
                Map<String, String> v = new LinkedHashMap<>();
                values.forEach((k, n) -> v.put(k, Long.toString(n)));
                ns.put(name, v);
            });
            out.put(type, ns);
        });
        return out;
    }

    private AdminResponse updateLogLevel(AdminRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            return AdminResponse.error(BAD_REQUEST, "update logger failed: body is not JSON {\"log_path\": ..., \"log_level\": ...}");
        }
        JsonNode path = ConfigDump.field(body, "log_path");
        JsonNode level = ConfigDump.field(body, "log_level");
        if (path == null || level == null || !context.logLevels().setLevel(path.asText(), level.asText())) {
            return AdminResponse.error(BAD_REQUEST, "update logger failed: expected {\"log_path\": PATH or logger name, "
                    + "\"log_level\": one of FATAL, ERROR, WARN, INFO, DEBUG, TRACE}");
        }
        return AdminResponse.text(OK, "update logger success\n");
    }

    private AdminResponse toggleLog(AdminRequest request, boolean enable) {
        String verb = enable ? "enable" : "disable";
        if (!context.logLevels().setEnabled(request.body(), enable)) {
            return AdminResponse.error(BAD_REQUEST, verb + " logger failed: put the log path or logger name in the body");
        }
        return AdminResponse.text(OK, verb + " logger success\n");
    }

    private AdminResponse features(AdminRequest request) throws JsonProcessingException {
        String key = request.param("key");
        if (key != null) {
            return AdminResponse.text(OK, String.valueOf(context.features().get().getOrDefault(key, false)));
        }
        return AdminResponse.json(pretty(new TreeMap<>(context.features().get())));
    }

    private AdminResponse env(AdminRequest request) throws JsonProcessingException {
        List<String> keys = request.params().get("key");
        if (keys == null || keys.isEmpty()) {
            return AdminResponse.error(BAD_REQUEST, "no env key");
        }
        ObjectNode out = JSON.createObjectNode();
        ObjectNode found = out.putObject("env");
        List<String> missing = new ArrayList<>();
        for (String key : Set.copyOf(keys)) {
            String value = System.getenv(key);
            if (value == null) {
                missing.add(key);
            } else {
                found.put(key, value);
            }
        }
        out.set("not_found", missing.isEmpty() ? out.nullNode() : JSON.valueToTree(missing));
        return AdminResponse.json(pretty(out));
    }

    private static String pretty(Object value) throws JsonProcessingException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
