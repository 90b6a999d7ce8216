package org.mosn4j.plugin.filters.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * A route's or virtual host's {@code per_filter_config} for {@code flowControlFilter}: the settings it replaces,
 * null where it keeps the listener's. Rules are process-wide (see {@link SentinelFlowRules}) and cannot be set
 * per route. Thread-safe: immutable but for a cache of the last merge.
 */
final class FlowControlOverride {

    /** The JSON block. */
    private record Block(Boolean globalSwitch, Boolean monitor, String limitKeyType, FlowControlConfig.LimitAction action,
            JsonNode rules) {
    }

    /** A merge result with the listener settings it was made from. */
    private record Merged(FlowControlSettings base, FlowControlSettings result) {
    }

    private final Boolean globalSwitch;
    private final Boolean monitor;
    private final LimitKeyType keyType;
    private final Integer status;
    private final byte[] body;
    private volatile Merged lastMerge;

    private FlowControlOverride(Boolean globalSwitch, Boolean monitor, LimitKeyType keyType, Integer status, byte[] body) {
        this.globalSwitch = globalSwitch;
        this.monitor = monitor;
        this.keyType = keyType;
        this.status = status;
        this.body = body;
    }

    /** @return the override a {@code per_filter_config} entry sets */
    static FlowControlOverride parse(JsonNode config, String path) throws ConfigException {
        Block block = ConfigBinder.INSTANCE.bind(config, Block.class, path);
        if (block.rules() != null && !block.rules().isNull()) {
            throw new ConfigException(path + ".rules", "rules cannot be set per route: Sentinel's rules are process-wide;"
                    + " put them in the listener's flowControlFilter config and use global_switch here to turn"
                    + " limiting on or off for the route");
        }
        return new FlowControlOverride(block.globalSwitch(), block.monitor(),
                FlowControlSettings.keyType(block.limitKeyType(), null, path),
                FlowControlSettings.status(block.action(), null, path),
                FlowControlSettings.body(block.action(), null));
    }

    /**
     * @return {@code base} with what this override sets replaced; allocation-free while the same base comes
     *         again (one listener's settings, typically)
     */
    FlowControlSettings applyTo(FlowControlSettings base) {
        Merged merged = lastMerge;
        if (merged != null && merged.base() == base) {
            return merged.result();
        }
        FlowControlSettings result = new FlowControlSettings(
                globalSwitch != null ? globalSwitch : base.enabled(),
                monitor != null ? monitor : base.monitor(),
                keyType != null ? keyType : base.keyType(),
                status != null ? status : base.status(),
                body != null ? body : base.body());
        lastMerge = new Merged(base, result);
        return result;
    }
}
