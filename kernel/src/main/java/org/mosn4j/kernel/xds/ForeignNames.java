package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names of the listeners, clusters and router configs the running config has that did not come from xDS: those of
 * the config file, or added through the admin API. An xDS resource never replaces one of them.
 *
 * @param listeners listener names
 * @param clusters cluster names
 * @param routers router config names
 */
record ForeignNames(Set<String> listeners, Set<String> clusters, Set<String> routers) {

    /** No names. */
    static final ForeignNames NONE = new ForeignNames(Set.of(), Set.of(), Set.of());

    ForeignNames {
        listeners = Set.copyOf(listeners);
        clusters = Set.copyOf(clusters);
        routers = Set.copyOf(routers);
    }

    /**
     * @param effective the running config, in MOSN's file layout
     * @param applied what xDS applied, whose names are not foreign
     */
    static ForeignNames of(JsonNode effective, XdsConfig applied) {
        if (effective == null) {
            return NONE;
        }
        JsonNode server = effective.path("servers").path(0);
        Set<String> listeners = names(server.path("listeners"), "name");
        Set<String> clusters = names(effective.path("cluster_manager").path("clusters"), "name");
        Set<String> routers = names(server.path("routers"), "router_config_name");
        listeners.removeAll(applied.listeners().keySet());
        clusters.removeAll(applied.clusters().keySet());
        routers.removeAll(applied.routers().keySet());
        return new ForeignNames(listeners, clusters, routers);
    }

    private static Set<String> names(JsonNode list, String key) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode entry : list) {
            JsonNode name = entry.get(key);
            if (name != null && name.isTextual()) {
                names.add(name.asText());
            }
        }
        return names;
    }

    /** @return the error for an xDS resource named like a foreign one */
    static XdsTranslationException clash(String kind, String name, String what) {
        return new XdsTranslationException(kind, name, "", "a " + what + " of this name is defined in the config file "
                + "or through the admin API, and xDS resources never replace those; rename one of them");
    }
}
