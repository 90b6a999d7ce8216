package org.mosn4j.kernel.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * The effective config in MOSN's dump layout: {@code mosn_config} (the file without listeners and routers),
 * {@code listener}, {@code cluster} and {@code routers} keyed by name, and {@code extends}. Secrets are
 * replaced by {@link #REDACTED}. Built from the JSON as written, so unknown keys show too.
 */
final class ConfigDump {

    static final String REDACTED = "***REDACTED***";
    private static final Set<String> SECRET_KEYS = Set.of("private_key", "privatekey");

    private final ObjectNode dump;

    ConfigDump(JsonNode raw) {
        ObjectNode config = redact(raw.deepCopy());
        dump = ConfigBinder.INSTANCE.mapper().createObjectNode();
        ObjectNode listeners = dump.objectNode();
        ObjectNode routers = dump.objectNode();
        ObjectNode clusters = dump.objectNode();
        JsonNode servers = field(config, "servers");
        if (servers != null && servers.isArray()) {
            for (JsonNode server : servers) {
                if (server instanceof ObjectNode serverObject) {
                    collectByName(removeField(serverObject, "listeners"), "name", listeners);
                    collectByName(removeField(serverObject, "routers"), "router_config_name", routers);
                }
            }
        }
        JsonNode clusterManager = field(config, "cluster_manager");
        if (clusterManager != null) {
            collectByName(field(clusterManager, "clusters"), "name", clusters);
        }
        JsonNode extensions = config.remove(actualKey(config, "extends"));
        dump.set("mosn_config", config);
        dump.set("listener", listeners);
        dump.set("cluster", clusters);
        dump.set("routers", routers);
        if (extensions != null) {
            dump.set("extends", extensions);
        }
    }

    /** @return the whole dump */
    JsonNode all() {
        return dump;
    }

    /** @return a section: mosn_config, listener, cluster or routers */
    JsonNode section(String name) {
        return dump.get(name);
    }

    private static void collectByName(JsonNode list, String nameKey, ObjectNode into) {
        if (list == null || !list.isArray()) {
            return;
        }
        int i = 0;
        for (JsonNode item : list) {
            JsonNode name = field(item, nameKey);
            into.set(name == null || name.asText().isEmpty() ? String.valueOf(i) : name.asText(), item);
            i++;
        }
    }

    private static JsonNode removeField(ObjectNode object, String key) {
        String actual = actualKey(object, key);
        return actual == null ? null : object.remove(actual);
    }

    /** Reads a key the way config binding matches it: ignoring case. */
    static JsonNode field(JsonNode object, String key) {
        return ConfigBinder.field(object, key);
    }

    private static String actualKey(JsonNode object, String key) {
        return ConfigBinder.spelledKey(object, key);
    }

    private static ObjectNode redact(ObjectNode node) {
        redactInPlace(node);
        return node;
    }

    private static void redactInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (SECRET_KEYS.contains(entry.getKey().toLowerCase(Locale.ROOT)) && entry.getValue().isTextual()
                        && !entry.getValue().asText().isEmpty()) {
                    entry.setValue(object.textNode(REDACTED));
                } else {
                    redactInPlace(entry.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(ConfigDump::redactInPlace);
        }
    }
}
