package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import java.util.List;

/**
 * Translates Envoy's header mutations ({@code request_headers_to_add}, {@code ..._to_remove} and their response
 * counterparts), which route configs, virtual hosts and routes carry, into MOSN's
 * {@code [{"header": {"key": ..., "value": ...}, "append": true}]}. Envoy's {@code APPEND_IF_EXISTS_OR_ADD} is
 * {@code append: true}, {@code OVERWRITE_IF_EXISTS_OR_ADD} is {@code append: false}; the other append actions have no
 * MOSN form and their headers are left out.
 */
final class HeaderOptions {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HeaderOptions() {
    }

    /**
     * Puts the four mutation lists that are not empty into {@code out}.
     *
     * @param prefix the path of the message carrying them
     */
    static void put(ObjectNode out, List<HeaderValueOption> requestAdd, List<String> requestRemove,
            List<HeaderValueOption> responseAdd, List<String> responseRemove, Site site, String prefix) {
        add(out, "request_headers_to_add", requestAdd, site, prefix);
        remove(out, "request_headers_to_remove", requestRemove);
        add(out, "response_headers_to_add", responseAdd, site, prefix);
        remove(out, "response_headers_to_remove", responseRemove);
    }

    @SuppressWarnings("deprecation")
    private static void add(ObjectNode out, String key, List<HeaderValueOption> options, Site site, String prefix) {
        if (options.isEmpty()) {
            return;
        }
        ArrayNode list = JSON.arrayNode();
        for (int i = 0; i < options.size(); i++) {
            HeaderValueOption option = options.get(i);
            String at = Site.join(prefix, key + "[" + i + "]");
            boolean append;
            if (option.hasAppend()) {
                append = option.getAppend().getValue();
            } else {
                switch (option.getAppendAction()) {
                    case APPEND_IF_EXISTS_OR_ADD -> append = true;
                    case OVERWRITE_IF_EXISTS_OR_ADD -> append = false;
                    default -> {
                        site.ignored(Site.join(at, "append_action"), option.getAppendAction()
                                + " has no MOSN form; the header is left out");
                        continue;
                    }
                }
            }
            ObjectNode entry = list.addObject();
            entry.putObject("header").put("key", option.getHeader().getKey()).put("value", option.getHeader().getValue());
            entry.put("append", append);
        }
        if (!list.isEmpty()) {
            out.set(key, list);
        }
    }

    private static void remove(ObjectNode out, String key, List<String> names) {
        if (!names.isEmpty()) {
            ArrayNode list = out.putArray(key);
            names.forEach(list::add);
        }
    }
}
