package org.mosn4j.kernel.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * All stats of the process in MOSN's layout: a type ({@code downstream}, {@code upstream}) holding
 * namespaces ({@code listener.NAME}, {@code cluster.NAME}, {@code cluster.NAME.host.ADDRESS}) of named values.
 * Thread-safe.
 */
public final class StatsRegistry {

    /** Type of listener-side stats. */
    public static final String DOWNSTREAM = "downstream";
    /** Type of cluster and host stats. */
    public static final String UPSTREAM = "upstream";

    private final Map<String, Map<String, Supplier<Map<String, Long>>>> groups = new ConcurrentHashMap<>();

    /**
     * Registers (or replaces) a namespace.
     *
     * @param type {@link #DOWNSTREAM} or {@link #UPSTREAM}
     * @param namespace such as {@code listener.ingress}
     * @param values read each time stats are shown
     */
    public void register(String type, String namespace, Supplier<Map<String, Long>> values) {
        groups.computeIfAbsent(type, t -> new ConcurrentSkipListMap<>()).put(namespace, values);
    }

    /**
     * Removes a namespace and its hosts' ({@code cluster.c} takes {@code cluster.c.host.*} along).
     *
     * @param type {@link #DOWNSTREAM} or {@link #UPSTREAM}
     * @param namespace such as {@code cluster.c}
     */
    public void unregister(String type, String namespace) {
        Map<String, Supplier<Map<String, Long>>> namespaces = groups.get(type);
        if (namespaces != null) {
            namespaces.keySet().removeIf(name -> name.equals(namespace) || name.startsWith(namespace + ".host."));
        }
    }

    /** @return every type, namespace and value, sorted, as of now */
    public Map<String, Map<String, Map<String, Long>>> snapshot() {
        Map<String, Map<String, Map<String, Long>>> out = new TreeMap<>();
        groups.forEach((type, namespaces) -> {
            Map<String, Map<String, Long>> ns = new TreeMap<>();
            namespaces.forEach((name, values) -> ns.put(name, values.get()));
            out.put(type, ns);
        });
        return out;
    }
}
