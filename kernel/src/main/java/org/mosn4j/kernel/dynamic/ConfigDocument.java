package org.mosn4j.kernel.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * A config in MOSN's file layout as an editable JSON tree, with its named lists: {@code servers[0].listeners}
 * (by {@code name}), {@code servers[0].routers} (by {@code router_config_name}) and
 * {@code cluster_manager.clusters} (by {@code name}). Keys are found in any letter case, as the loader reads them.
 * Not thread-safe.
 */
final class ConfigDocument {

    /** One of the named lists. */
    enum Section {
        LISTENERS("servers[0].listeners", "name"),
        ROUTERS("servers[0].routers", "router_config_name"),
        CLUSTERS("cluster_manager.clusters", "name");

        final String path;
        final String nameKey;

        Section(String path, String nameKey) {
            this.path = path;
            this.nameKey = nameKey;
        }
    }

    private final ObjectNode root;

    /** @param root the config; edited in place */
    ConfigDocument(ObjectNode root) {
        this.root = root;
    }

    ObjectNode root() {
        return root;
    }

    /** @return the section's list, created when absent */
    ArrayNode list(Section section) {
        ObjectNode parent;
        if (section == Section.CLUSTERS) {
            parent = object(root, "cluster_manager");
        } else {
            ArrayNode servers = array(root, "servers");
            if (servers.isEmpty() || !servers.get(0).isObject()) {
                servers.removeAll();
                servers.addObject();
            }
            parent = (ObjectNode) servers.get(0);
        }
        return array(parent, section == Section.CLUSTERS ? "clusters" : section == Section.LISTENERS ? "listeners" : "routers");
    }

    /** @return the entries of a section by name, in order (entries without a name are left out) */
    Map<String, JsonNode> byName(Section section) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode entry : list(section)) {
            String name = name(entry, section);
            if (name != null) {
                out.put(name, entry);
            }
        }
        return out;
    }

    /** @return the index of the entry named {@code name}, or -1 */
    int indexOf(Section section, String name) {
        ArrayNode list = list(section);
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(name(list.get(i), section))) {
                return i;
            }
        }
        return -1;
    }

    /** Replaces the entry of the same name, or appends it. @return its index */
    int upsert(Section section, String name, JsonNode entry) {
        ArrayNode list = list(section);
        int index = indexOf(section, name);
        if (index < 0) {
            list.add(entry.deepCopy());
            return list.size() - 1;
        }
        list.set(index, entry.deepCopy());
        return index;
    }

    /** Removes the entry named {@code name}. @return whether there was one */
    boolean remove(Section section, String name) {
        int index = indexOf(section, name);
        if (index < 0) {
            return false;
        }
        list(section).remove(index);
        return true;
    }

    /** @return the entry's name, or null when it has none */
    static String name(JsonNode entry, Section section) {
        JsonNode name = field(entry, section.nameKey);
        return name != null && name.isTextual() && !name.asText().isEmpty() ? name.asText() : null;
    }

    /** @return the field named {@code key} in any letter case, or null */
    static JsonNode field(JsonNode object, String key) {
        return ConfigBinder.field(object, key);
    }

    /** @return the key as spelled in {@code object} (any letter case), or {@code key} when absent */
    static String spelled(ObjectNode object, String key) {
        String spelled = ConfigBinder.spelledKey(object, key);
        return spelled == null ? key : spelled;
    }

    private static ObjectNode object(ObjectNode parent, String key) {
        String name = spelled(parent, key);
        JsonNode node = parent.get(name);
        if (node instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(name);
    }

    private static ArrayNode array(ObjectNode parent, String key) {
        String name = spelled(parent, key);
        JsonNode node = parent.get(name);
        if (node instanceof ArrayNode array) {
            return array;
        }
        return parent.putArray(name);
    }
}
