package org.mosn4j.kernel.plugin;

/**
 * What a loaded plugin's stream filters do for new streams. The states a plugin goes through at run time:
 * {@code ENABLED} and {@code DISABLED} back and forth, then {@code UNLOADING} until no stream holds one of its
 * filters any more, then {@code UNLOADED}.
 */
public enum PluginStatus {
    /** New streams get the plugin's filters. */
    ENABLED,
    /** New streams get the configured fallback instead; streams that have the filters keep them. */
    DISABLED,
    /** Like {@code DISABLED}, and the plugin is stopped and unloaded once its last filter instance is gone. */
    UNLOADING,
    /** Stopped and unloaded; its classes are no longer used. */
    UNLOADED;

    /** @return the name the admin API shows, such as {@code "enabled"} */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
