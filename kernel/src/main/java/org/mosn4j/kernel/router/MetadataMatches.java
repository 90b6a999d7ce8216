package org.mosn4j.kernel.router;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * Parses a {@code metadata_match} block, MOSN's {@code {"filter_metadata": {"mosn.lb": {"version": "v2"}}}}, into
 * the host metadata a subset-balanced cluster must match. Values may be strings, numbers or booleans, compared
 * as their text, as host metadata is read.
 */
final class MetadataMatches {

    /** The only {@code filter_metadata} namespace the balancer reads, MOSN's. */
    static final String NAMESPACE = "mosn.lb";
    private static final String EXPECTED = "expected {\"filter_metadata\": {\"mosn.lb\": {\"key\": \"value\"}}}";

    private MetadataMatches() {
    }

    /**
     * @param block the {@code metadata_match} block, or null
     * @param path its JSON path
     * @param problems where errors go
     * @return the metadata keys and values, empty when the block is absent (or wrong)
     */
    static Map<String, String> parse(JsonNode block, String path, ConfigProblems problems) {
        try {
            return parse(block, path);
        } catch (ConfigException e) {
            problems.add(e);
            return Map.of();
        }
    }

    private static Map<String, String> parse(JsonNode block, String path) throws ConfigException {
        if (block == null || block.isNull() || block.isMissingNode()) {
            return Map.of();
        }
        if (!block.isObject()) {
            throw new ConfigException(path, EXPECTED + ", got " + block);
        }
        JsonNode filterMetadata = field(block, "filter_metadata");
        if (filterMetadata == null || !filterMetadata.isObject()) {
            throw new ConfigException(path + ".filter_metadata", EXPECTED + ", got "
                    + (filterMetadata == null ? "nothing" : filterMetadata.toString()));
        }
        Map<String, String> match = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = filterMetadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> namespace = it.next();
            String at = path + ".filter_metadata[\"" + namespace.getKey() + "\"]";
            if (!namespace.getKey().equals(NAMESPACE)) {
                throw new ConfigException(at, "metadata namespace \"" + namespace.getKey()
                        + "\" is not read by the load balancer (supported: " + NAMESPACE + ")");
            }
            if (!namespace.getValue().isObject()) {
                throw new ConfigException(at, "expected metadata keys and values such as {\"version\": \"v2\"}, got "
                        + namespace.getValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> kv = namespace.getValue().fields(); kv.hasNext(); ) {
                Map.Entry<String, JsonNode> e = kv.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new ConfigException(at + "." + e.getKey(), "expected a string, got " + e.getValue());
                }
                match.put(e.getKey(), e.getValue().asText());
            }
        }
        return Map.copyOf(match);
    }

    /** @return the field named {@code name} in any case, as MOSN's decoder matches keys, or null */
    private static JsonNode field(JsonNode object, String name) {
        return ConfigBinder.field(object, name);
    }
}
