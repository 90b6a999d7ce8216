package org.mosn4j.plugin.filters.flowcontrol;

import org.mosn4j.spi.stream.RouteInfo;

/**
 * What the filters of one configured {@code flowControlFilter} share: the listener's settings, the process's
 * rules and the monitor-mode report. Thread-safe.
 *
 * @param settings the listener's settings
 * @param rules the process's Sentinel rules
 * @param monitorReport counts requests monitor mode let pass
 */
record FlowControlPolicy(FlowControlSettings settings, SentinelFlowRules rules, MonitorReport monitorReport) {

    /** @return the listener's settings, or those merged with the route's {@code per_filter_config} */
    FlowControlSettings settingsFor(RouteInfo route) {
        Object override = route == null ? null : route.perFilterConfig(FlowControlFilterFactory.TYPE);
        return override instanceof FlowControlOverride routeSettings ? routeSettings.applyTo(settings) : settings;
    }
}
