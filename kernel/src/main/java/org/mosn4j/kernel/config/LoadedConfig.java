package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * A config as read: the JSON tree exactly as written (for the config dump, unknown keys included) and its
 * binding.
 *
 * @param source the file it came from, or null when built in memory
 * @param raw the JSON tree
 * @param config the bound records
 */
public record LoadedConfig(Path source, JsonNode raw, MosnConfig config) {
}
