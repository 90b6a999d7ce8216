package org.mosn4j.kernel.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.dynamic.ConfigChange;
import org.mosn4j.kernel.dynamic.ConfigUpdater;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/config/update}: a config change as JSON, {@code {"listeners": [...], "removed_listeners":
 * [...], "clusters": [...], "removed_clusters": [...], "hosts": {"CLUSTER": [...]}, "routers": [...],
 * "removed_routers": [...]}} (every key optional, entries in MOSN's shapes). Answers 200 with the effective config
 * afterwards in the config dump's layout, or 400 listing each problem with its path in the request. With
 * {@code ?persist=true} the effective config is also written back to the config file (atomically).
 */
final class ConfigUpdateEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigUpdateEndpoint.class);
    private static final ObjectMapper JSON = ConfigBinder.INSTANCE.mapper();
    private static final List<String> KEYS = List.of("listeners", "removed_listeners", "clusters", "removed_clusters",
            "hosts", "routers", "removed_routers");

    private final ConfigUpdater updates;
    private final Path configFile;

    ConfigUpdateEndpoint(ConfigUpdater updates, Path configFile) {
        this.updates = updates;
        this.configFile = configFile;
    }

    CompletionStage<AdminResponse> update(AdminRequest request) {
        boolean persist = "true".equals(request.param("persist"));
        if (persist && configFile == null) {
            return done(problems(List.of(new ConfigException("persist", "the config did not come from a file"))));
        }
        ConfigChange change;
        try {
            change = parse(request.body());
        } catch (ConfigException e) {
            return done(problems(List.of(e)));
        }
        if (change.isEmpty()) {
            return done(problems(List.of(new ConfigException("", "the change is empty (keys: "
                    + String.join(", ", KEYS) + ")"))));
        }
        return updates.submit(change).handle((effective, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof InvalidConfigException invalid) {
                    return problems(invalid.problems());
                }
                LOG.warn("config change failed", cause);
                return AdminResponse.error(INTERNAL_SERVER_ERROR, "config change failed: " + cause.getMessage());
            }
            try {
                if (persist) {
                    write(effective);
                }
                return AdminResponse.json(OK, JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(new ConfigDump(effective).all()) + "\n");
            } catch (IOException e) {
                LOG.warn("config change applied, but writing {} failed", configFile, e);
                return AdminResponse.error(INTERNAL_SERVER_ERROR, "the change is in force, but writing " + configFile
                        + " failed: " + e.getMessage());
            }
        });
    }

    /** @return the change in a request body; errors name their path in the body */
    static ConfigChange parse(String body) throws ConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new ConfigException("", "the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("", "expected a JSON object with some of: " + String.join(", ", KEYS));
        }
        ConfigChange.Builder change = ConfigChange.builder();
        for (var it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey().toLowerCase();
            JsonNode value = field.getValue();
            switch (key) {
                case "listeners" -> objects(value, key).forEach(change::listener);
                case "clusters" -> objects(value, key).forEach(change::cluster);
                case "routers" -> objects(value, key).forEach(change::router);
                case "removed_listeners" -> names(value, key).forEach(change::removeListener);
                case "removed_clusters" -> names(value, key).forEach(change::removeCluster);
                case "removed_routers" -> names(value, key).forEach(change::removeRouter);
                case "hosts" -> {
                    if (!value.isObject()) {
                        throw new ConfigException(key, "expected an object of host lists by cluster name");
                    }
                    for (var clusters = value.fields(); clusters.hasNext(); ) {
                        Map.Entry<String, JsonNode> cluster = clusters.next();
                        change.hosts(cluster.getKey(), objects(cluster.getValue(), key + "." + cluster.getKey()));
                    }
                }
                default -> throw new ConfigException(field.getKey(), "unknown key (known: " + String.join(", ", KEYS)
                        + ")");
            }
        }
        return change.build();
    }

    private static List<JsonNode> objects(JsonNode value, String path) throws ConfigException {
        if (!value.isArray()) {
            throw new ConfigException(path, "expected a list");
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw new ConfigException(path + "[" + i + "]", "expected an object");
            }
            out.add(value.get(i));
        }
        return out;
    }

    private static List<String> names(JsonNode value, String path) throws ConfigException {
        if (!value.isArray()) {
            throw new ConfigException(path, "expected a list of names");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new ConfigException(path + "[" + i + "]", "expected a name");
            }
            out.add(value.get(i).asText());
        }
        return out;
    }

    private void write(JsonNode effective) throws IOException {
        Path target = configFile.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(effective) + "\n");
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("effective config written to {}", target);
    }

    private static AdminResponse problems(List<ConfigException> problems) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", problems.size() + " problem(s) in the change; nothing was applied");
        var list = body.putArray("problems");
        problems.forEach(p -> list.add(p.getMessage()));
        try {
            return AdminResponse.json(BAD_REQUEST, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            return AdminResponse.error(BAD_REQUEST, problems.get(0).getMessage());
        }
    }

    private static CompletionStage<AdminResponse> done(AdminResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
