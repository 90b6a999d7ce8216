package org.mosn4j.kernel.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus metric a stats value belongs to: {@code mosn_<type>_<key>}, such as
 * {@code mosn_downstream_request_total} for key {@code request_total} of type {@code downstream}, with every
 * character outside {@code [a-zA-Z0-9_:]} replaced by {@code _} (as MOSN's Prometheus sink does). Counter
 * names are kept without their {@code _total} suffix, which the exposition adds back. The status class keys
 * {@code request_1xx_total} ... {@code request_5xx_total} are one metric, {@code mosn_<type>_requests_by_class},
 * with the class in label {@code code_class}.
 *
 * @param name the metric name, without {@code _total} for a counter
 * @param kind counter or gauge, by {@link StatKind}
 * @param labels labels the key adds to those of its namespace
 */
record StatMetric(String name, StatKind kind, Labels labels) {

    private static final Pattern CLASS_KEY = Pattern.compile("request_([1-5]xx)_total");
    private static final String TOTAL = "_total";

    /**
     * @param type such as {@code downstream}
     * @param key such as {@code request_total}
     * @return the metric for values of that key
     */
    static StatMetric of(String type, String key) {
        Matcher byClass = CLASS_KEY.matcher(key);
        if (byClass.matches()) {
            return new StatMetric(sanitize("mosn_" + type + "_requests_by_class"), StatKind.COUNTER,
                    Labels.of("code_class", byClass.group(1)));
        }
        StatKind kind = StatKind.of(key);
        String name = sanitize("mosn_" + type + "_" + key);
        if (kind == StatKind.COUNTER && name.endsWith(TOTAL)) {
            name = name.substring(0, name.length() - TOTAL.length());
        }
        return new StatMetric(name, kind, Labels.EMPTY);
    }

    /**
     * @return {@code text} with every character outside {@code [a-zA-Z0-9_:]} replaced by {@code _}, and a
     *         {@code _} in front when it starts with a digit
     */
    static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length() + 1);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean valid = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':';
            out.append(valid ? c : '_');
        }
        if (out.length() > 0 && Character.isDigit(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    /**
     * @return every sample name this metric shows in the exposition formats, to find metrics that would clash
     */
    String[] exposedNames() {
        return kind == StatKind.COUNTER ? new String[] {name, name + TOTAL, name + "_created"} : new String[] {name};
    }
}
