package org.mosn4j.kernel.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.kernel.config.InvalidConfigException;

/**
 * Applies {@link ConfigChange}s to the running server. The whole change is checked first, against the config it
 * would produce; when any part is wrong nothing is applied. A change applied never drops traffic: new
 * connections and streams use the new config, existing ones finish on theirs, a removed listener drains, a
 * removed cluster fails only requests routed to it afterwards.
 *
 * <p>Thread-safe; changes are applied one at a time, in the order they arrive.
 */
public interface ConfigUpdater {

    /**
     * @param change what to change
     * @return the effective config afterwards, in MOSN's file layout
     * @throws InvalidConfigException naming the JSON path of each problem, with paths relative to the change
     *         ({@code clusters[0].lb_type}, {@code hosts.backend[1].address}, {@code removed_listeners[0]})
     */
    JsonNode apply(ConfigChange change) throws InvalidConfigException;

    /** @return the effective config now, in MOSN's file layout */
    JsonNode effectiveConfig();
}
