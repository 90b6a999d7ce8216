package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.config.ClusterConfig;
import org.mosn4j.kernel.config.HostConfig;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.config.ListenerConfig;
import org.mosn4j.kernel.config.RouterConfig;
import org.mosn4j.kernel.dynamic.ConfigChange;
import org.mosn4j.kernel.dynamic.ConfigUpdater;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * A {@link ConfigUpdater} for tests: checks that each entry of a change binds to the kernel's config records, keeps
 * an effective config in MOSN's file layout up to date, records every change it applied, and refuses the next change
 * when told to.
 */
final class RecordingConfigUpdater implements ConfigUpdater {

    private final BlockingQueue<ConfigChange> applied = new LinkedBlockingQueue<>();
    private final List<Thread> callers = new ArrayList<>();
    private final ObjectNode effective;
    private ConfigException rejectNext;

    /** @param fileConfig the config file's listeners, clusters and routers, in MOSN's layout */
    RecordingConfigUpdater(String fileConfig) throws Exception {
        effective = (ObjectNode) ConfigBinder.INSTANCE.mapper().readTree(fileConfig);
        ArrayNode servers = (ArrayNode) orPut(effective, "servers", true);
        ObjectNode server = servers.isEmpty() ? servers.addObject() : (ObjectNode) servers.get(0);
        orPut(server, "listeners", true);
        orPut(server, "routers", true);
        orPut((ObjectNode) orPut(effective, "cluster_manager", false), "clusters", true);
    }

    private static JsonNode orPut(ObjectNode object, String key, boolean array) {
        if (!object.has(key)) {
            object.set(key, array ? object.arrayNode() : object.objectNode());
        }
        return object.get(key);
    }

    /** The next change is refused with this problem. */
    synchronized void rejectNext(ConfigException problem) {
        rejectNext = problem;
    }

    @Override
    public synchronized JsonNode apply(ConfigChange change) throws InvalidConfigException {
        callers.add(Thread.currentThread());
        if (rejectNext != null) {
            ConfigException problem = rejectNext;
            rejectNext = null;
            throw new InvalidConfigException(List.of(problem));
        }
        List<ConfigException> problems = new ArrayList<>();
        bindAll(change.listeners(), ListenerConfig.class, "listeners", problems);
        bindAll(change.clusters(), ClusterConfig.class, "clusters", problems);
        bindAll(change.routers(), RouterConfig.class, "routers", problems);
        for (Map.Entry<String, List<JsonNode>> hosts : change.hosts().entrySet()) {
            bindAll(hosts.getValue(), HostConfig.class, "hosts." + hosts.getKey(), problems);
            if (find(clusters(), "name", hosts.getKey()) < 0) {
                problems.add(new ConfigException("hosts." + hosts.getKey(), "no such cluster"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        upsert(listeners(), "name", change.listeners(), change.removedListeners());
        upsert(clusters(), "name", change.clusters(), change.removedClusters());
        upsert(routers(), "router_config_name", change.routers(), change.removedRouters());
        change.hosts().forEach((cluster, hosts) -> ((ObjectNode) clusters().get(find(clusters(), "name", cluster)))
                .putArray("hosts").addAll(hosts));
        applied.add(change);
        return effective.deepCopy();
    }

    @Override
    public synchronized JsonNode effectiveConfig() {
        return effective.deepCopy();
    }

    /** @return the next change applied, waiting for it */
    ConfigChange awaitChange() throws InterruptedException {
        ConfigChange change = applied.poll(20, TimeUnit.SECONDS);
        assertNotNull(change, "no change was applied in 20s");
        return change;
    }

    /** @return the changes applied and not yet taken */
    List<ConfigChange> takeAll() {
        List<ConfigChange> changes = new ArrayList<>();
        applied.drainTo(changes);
        return changes;
    }

    /** @return the threads apply was called on */
    synchronized List<Thread> callers() {
        return List.copyOf(callers);
    }

    private ArrayNode listeners() {
        return (ArrayNode) effective.get("servers").get(0).get("listeners");
    }

    private ArrayNode routers() {
        return (ArrayNode) effective.get("servers").get(0).get("routers");
    }

    private ArrayNode clusters() {
        return (ArrayNode) effective.get("cluster_manager").get("clusters");
    }

    private static void upsert(ArrayNode list, String key, List<JsonNode> entries, List<String> removed) {
        for (JsonNode entry : entries) {
            int at = find(list, key, entry.get(key).asText());
            if (at >= 0) {
                list.set(at, entry.deepCopy());
            } else {
                list.add(entry.deepCopy());
            }
        }
        for (String name : removed) {
            int at = find(list, key, name);
            if (at >= 0) {
                list.remove(at);
            }
        }
    }

    private static int find(ArrayNode list, String key, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(list.get(i).path(key).asText(null))) {
                return i;
            }
        }
        return -1;
    }

    private static void bindAll(List<JsonNode> entries, Class<?> type, String path, List<ConfigException> problems) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                ConfigBinder.INSTANCE.bind(entries.get(i), type, path + "[" + i + "]");
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
    }
}
