package org.mosn4j.kernel.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * A {@code {"type": ..., "config": {...}}} entry: a network filter or a stream filter.
 *
 * @param type the extension's type string
 * @param config the filter's own block, handed to its factory
 * @param onPluginDisabled stream filters only: what new streams get while the plugin providing {@code type} is
 *                         disabled or unloaded through the admin API; null for the default, {@link OnPluginDisabled#REJECT}
 */
public record FilterConfig(String type, JsonNode config, OnPluginDisabled onPluginDisabled) {

    /** What a new stream gets in place of a stream filter whose plugin is disabled or unloaded. */
    public enum OnPluginDisabled {
        /** The stream goes on without the filter. */
        SKIP,
        /** The stream is answered 503 before routing: a filter that guards something fails closed. */
        REJECT;

        /** Reads {@code "skip"} or {@code "reject"}, in any case. */
        @JsonCreator
        public static OnPluginDisabled parse(String value) {
            for (OnPluginDisabled action : values()) {
                if (action.configName().equalsIgnoreCase(value)) {
                    return action;
                }
            }
            throw new IllegalArgumentException("expected \"skip\" or \"reject\", got \"" + value + "\"");
        }

        /** @return the config value, such as {@code "skip"} */
        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @return {@code on_plugin_disabled}, or its default {@link OnPluginDisabled#REJECT} */
    public OnPluginDisabled onPluginDisabledOrDefault() {
        return onPluginDisabled == null ? OnPluginDisabled.REJECT : onPluginDisabled;
    }

    /** @return the {@code config} block, or an empty object when it is absent or null */
    public JsonNode configOrEmpty() {
        return config == null || config.isNull() ? ConfigBinder.INSTANCE.mapper().createObjectNode() : config;
    }
}
