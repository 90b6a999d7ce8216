package org.mosn4j.kernel.plugin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One plugin's switch for new streams and its count of live filter instances.
 *
 * <p>Threading: event loops call {@link #tryRetain()}, {@link #retain()} and {@link #release()} concurrently,
 * without locks; the plugin admin thread changes the status. The check on a new stream is one volatile read
 * when the plugin is not enabled, and two volatile reads around one atomic increment when it is: a stream that
 * sees {@code ENABLED} after counting itself is always seen by {@link #beginUnload()}, so a plugin is never
 * unloaded under a stream that got its filters.
 */
final class PluginGate {

    private final AtomicLong live = new AtomicLong();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile PluginStatus status = PluginStatus.ENABLED;

    /** @return the status */
    PluginStatus status() {
        return status;
    }

    /** @return the number of this plugin's filter instances on live streams */
    long liveFilters() {
        return live.get();
    }

    /**
     * Counts one filter instance about to be created, if the plugin is enabled.
     *
     * @return false when the plugin is not enabled; nothing is counted then
     */
    boolean tryRetain() {
        if (status != PluginStatus.ENABLED) {
            return false;
        }
        live.incrementAndGet();
        if (status != PluginStatus.ENABLED) {
            release();
            return false;
        }
        return true;
    }

    /** Counts one more filter instance; only while the caller already holds one (after {@link #tryRetain()}). */
    void retain() {
        live.incrementAndGet();
    }

    /** One filter instance is gone. */
    void release() {
        if (live.decrementAndGet() == 0 && status == PluginStatus.UNLOADING) {
            drained.complete(null);
        }
    }

    /** Admin thread: switches new streams to the fallback ({@code false}) or back to the filters. */
    void setEnabled(boolean enabled) {
        status = enabled ? PluginStatus.ENABLED : PluginStatus.DISABLED;
    }

    /**
     * Admin thread: no new stream gets the filters from now on.
     *
     * @return completes (on whichever thread releases the last instance) once no filter instance is left
     */
    CompletableFuture<Void> beginUnload() {
        status = PluginStatus.UNLOADING;
        if (live.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /** Admin thread: the plugin is stopped and unloaded. */
    void markUnloaded() {
        status = PluginStatus.UNLOADED;
    }
}
