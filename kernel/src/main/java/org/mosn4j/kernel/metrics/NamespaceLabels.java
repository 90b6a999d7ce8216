package org.mosn4j.kernel.metrics;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The Prometheus labels of a stats namespace: {@code listener.NAME} gives {@code listener="NAME"},
 * {@code cluster.NAME} gives {@code cluster="NAME"}, {@code cluster.NAME.host.ADDRESS} gives
 * {@code cluster="NAME", host="ADDRESS"}. Any other {@code KIND.NAME} gives {@code KIND="NAME"}, with every
 * character of {@code KIND} outside {@code [a-zA-Z0-9_]} replaced by {@code _}; a namespace without such a
 * prefix gives {@code namespace="..."}.
 *
 * <p>Names may contain dots, so a host namespace is split at the first {@code .host.} after the cluster
 * prefix: a host address such as {@code api.host.example:80} stays whole, a cluster name containing
 * {@code .host.} does not.
 */
final class NamespaceLabels {

    private static final String CLUSTER = "cluster.";
    private static final String HOST = ".host.";

    private NamespaceLabels() {
    }

    /**
     * @param namespace such as {@code cluster.c1.host.127.0.0.1:8080}
     * @return its labels
     */
    static Labels of(String namespace) {
        if (namespace.startsWith(CLUSTER)) {
            int host = namespace.indexOf(HOST, CLUSTER.length());
            if (host > CLUSTER.length()) {
                return Labels.of("cluster", namespace.substring(CLUSTER.length(), host),
                        "host", namespace.substring(host + HOST.length()));
            }
        }
        int dot = namespace.indexOf('.');
        String kind = dot <= 0 ? "" : StatMetric.sanitize(namespace.substring(0, dot)).replace(':', '_');
        if (kind.isEmpty() || kind.startsWith("__") || dot == namespace.length() - 1) {
            return Labels.of("namespace", namespace);
        }
        return Labels.of(kind, namespace.substring(dot + 1));
    }
}
