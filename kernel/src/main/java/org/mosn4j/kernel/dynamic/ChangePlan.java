package org.mosn4j.kernel.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.dynamic.ConfigDocument.Section;
import org.mosn4j.spi.config.ConfigException;

/**
 * What a {@link ConfigChange} does to the effective config: the config it would produce, and by section which
 * entries it adds, changes and removes. Errors in the change itself (an entry without a name, removing what does
 * not exist) are collected with paths into the change, and every path of the resulting config that comes from
 * the change can be told in the change's terms ({@link #requestPath}).
 */
final class ChangePlan {

    private final ConfigDocument candidate;
    private final Map<Section, Set<String>> added = new LinkedHashMap<>();
    private final Map<Section, Set<String>> changed = new LinkedHashMap<>();
    private final Map<Section, Set<String>> removed = new LinkedHashMap<>();
    /** Clusters whose hosts alone changed. */
    private final Set<String> hostsOnly = new LinkedHashSet<>();
    /** By section, the name of each entry the change wrote to its path in the change ({@code clusters[0]}). */
    private final Map<Section, Map<String, String>> written = new LinkedHashMap<>();
    /** Clusters whose hosts the change replaced, to the path of the list in the change ({@code hosts.NAME}). */
    private final Map<String, String> writtenHosts = new LinkedHashMap<>();

    private ChangePlan(ConfigDocument candidate) {
        this.candidate = candidate;
        for (Section section : Section.values()) {
            added.put(section, new LinkedHashSet<>());
            changed.put(section, new LinkedHashSet<>());
            removed.put(section, new LinkedHashSet<>());
            written.put(section, new LinkedHashMap<>());
        }
    }

    /**
     * @param effective the config in force
     * @param change the change
     * @param problems where errors in the change go
     * @return the plan
     */
    static ChangePlan of(ObjectNode effective, ConfigChange change, ConfigProblems problems) {
        ConfigDocument before = new ConfigDocument(effective);
        ChangePlan plan = new ChangePlan(new ConfigDocument(effective.deepCopy()));
        plan.upsert(Section.LISTENERS, change.listeners(), "listeners", problems);
        plan.upsert(Section.CLUSTERS, change.clusters(), "clusters", problems);
        plan.upsert(Section.ROUTERS, change.routers(), "routers", problems);
        plan.remove(Section.LISTENERS, change.removedListeners(), "removed_listeners", problems);
        plan.remove(Section.CLUSTERS, change.removedClusters(), "removed_clusters", problems);
        plan.remove(Section.ROUTERS, change.removedRouters(), "removed_routers", problems);
        change.hosts().forEach((cluster, hosts) -> plan.replaceHosts(cluster, hosts, problems));
        plan.classify(before);
        return plan;
    }

    private void upsert(Section section, List<JsonNode> entries, String requestList, ConfigProblems problems) {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = requestList + "[" + i + "]";
            JsonNode entry = entries.get(i);
            String name = entry != null && entry.isObject() ? ConfigDocument.name(entry, section) : null;
            if (entry == null || !entry.isObject()) {
                problems.add(new ConfigException(at, "expected an object"));
            } else if (name == null) {
                problems.add(new ConfigException(at + "." + section.nameKey, "expected a name, got nothing"));
            } else if (!seen.add(name)) {
                problems.add(new ConfigException(at + "." + section.nameKey, "\"" + name + "\" is in the change twice"));
            } else {
                candidate.upsert(section, name, entry);
                written.get(section).put(name, at);
            }
        }
    }

    private void remove(Section section, List<String> names, String requestList, ConfigProblems problems) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || !candidate.remove(section, name)) {
                problems.add(new ConfigException(requestList + "[" + i + "]", "there is no " + singular(section)
                        + " named \"" + name + "\" to remove"));
            }
        }
    }

    private void replaceHosts(String cluster, List<JsonNode> hosts, ConfigProblems problems) {
        String at = "hosts." + cluster;
        int index = cluster == null ? -1 : candidate.indexOf(Section.CLUSTERS, cluster);
        if (index < 0) {
            problems.add(new ConfigException(at, "there is no cluster named \"" + cluster + "\""));
            return;
        }
        ObjectNode entry = (ObjectNode) candidate.list(Section.CLUSTERS).get(index);
        ArrayNode list = entry.putArray(ConfigDocument.spelled(entry, "hosts"));
        hosts.forEach(host -> list.add(host == null ? null : host.deepCopy()));
        writtenHosts.put(cluster, at);
    }

    /** Sorts every entry of the result into added, changed (or hosts only) and the removed ones. */
    private void classify(ConfigDocument before) {
        for (Section section : Section.values()) {
            Map<String, JsonNode> old = before.byName(section);
            Map<String, JsonNode> now = candidate.byName(section);
            now.forEach((name, entry) -> {
                JsonNode previous = old.get(name);
                if (previous == null) {
                    added.get(section).add(name);
                } else if (!previous.equals(entry)) {
                    if (section == Section.CLUSTERS && withoutHosts(previous).equals(withoutHosts(entry))) {
                        hostsOnly.add(name);
                    } else {
                        changed.get(section).add(name);
                    }
                }
            });
            old.keySet().stream().filter(name -> !now.containsKey(name)).forEach(removed.get(section)::add);
        }
    }

    private static JsonNode withoutHosts(JsonNode cluster) {
        ObjectNode copy = cluster.deepCopy();
        copy.remove(ConfigDocument.spelled(copy, "hosts"));
        return copy;
    }

    private static String singular(Section section) {
        return switch (section) {
            case LISTENERS -> "listener";
            case ROUTERS -> "router config";
            case CLUSTERS -> "cluster";
        };
    }

    ConfigDocument candidate() {
        return candidate;
    }

    Set<String> added(Section section) {
        return added.get(section);
    }

    Set<String> changed(Section section) {
        return changed.get(section);
    }

    Set<String> removed(Section section) {
        return removed.get(section);
    }

    Set<String> hostsOnly() {
        return hostsOnly;
    }

    /**
     * @param path a path in the resulting config, such as {@code cluster_manager.clusters[3].lb_type}
     * @return the same place in the change ({@code clusters[0].lb_type}), or {@code path} when the change did not
     *         write it
     */
    String requestPath(String path) {
        for (Section section : Section.values()) {
            String prefix = section.path + "[";
            if (!path.startsWith(prefix)) {
                continue;
            }
            int close = path.indexOf(']', prefix.length());
            if (close < 0) {
                return path;
            }
            int index = Integer.parseInt(path.substring(prefix.length(), close));
            ArrayNode list = candidate.list(section);
            String name = index < list.size() ? ConfigDocument.name(list.get(index), section) : null;
            String rest = path.substring(close + 1);
            if (name != null && written.get(section).containsKey(name)) {
                return written.get(section).get(name) + rest;
            }
            if (name != null && section == Section.CLUSTERS && writtenHosts.containsKey(name)
                    && rest.toLowerCase().startsWith(".hosts")) {
                return writtenHosts.get(name) + rest.substring(".hosts".length());
            }
            return path;
        }
        return path;
    }

    /** @return the problems with their paths told in the change's terms */
    List<ConfigException> inRequestTerms(List<ConfigException> problems) {
        List<ConfigException> out = new ArrayList<>(problems.size());
        for (ConfigException problem : problems) {
            String path = requestPath(Objects.requireNonNullElse(problem.path(), ""));
            out.add(path.equals(problem.path()) ? problem : new ConfigException(path, problem.problem()));
        }
        return out;
    }
}
