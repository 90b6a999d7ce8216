package org.mosn4j.kernel.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
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

    /**
     * Applies a change off the caller's thread (an admin request arrives on an event loop, and binding a listener
     * or building a cluster may block).
     *
     * @param change what to change
     * @return completes with {@link #apply}'s result, or exceptionally with its {@link InvalidConfigException}
     */
    default CompletableFuture<JsonNode> submit(ConfigChange change) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        ForkJoinPool.commonPool().execute(() -> {
            try {
                result.complete(apply(change));
            } catch (InvalidConfigException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** @return the effective config now, in MOSN's file layout */
    JsonNode effectiveConfig();
}
