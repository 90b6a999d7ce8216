package org.mosn4j.plugin.filters.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * The {@code flowControlFilter} config block, with MOSN's field names.
 *
 * @param appName Sentinel's application name (names its metric log files)
 * @param callbackName MOSN's name of custom callbacks; only the default behaviour exists here
 * @param logPath the directory Sentinel writes its logs and metrics to
 * @param globalSwitch whether the filter limits anything (MOSN's default: false)
 * @param monitor count and log requests a rule would limit, but let them pass
 * @param limitKeyType what names a request's resource: {@code PATH}, {@code URI} or {@code ARG}
 * @param action the reply to a limited request
 * @param rules Sentinel flow rules
 * @param direction MOSN's traffic direction; requests through a listener are always inbound here
 * @param dynamicDataResources MOSN's rule sources (Nacos); not supported
 */
record FlowControlConfig(
        String appName,
        String callbackName,
        String logPath,
        Boolean globalSwitch,
        Boolean monitor,
        String limitKeyType,
        LimitAction action,
        List<FlowRuleConfig> rules,
        String direction,
        JsonNode dynamicDataResources) {

    FlowControlConfig {
        rules = ConfigBinder.orEmpty(rules);
    }

    /**
     * {@code action}: the reply to a limited request.
     *
     * @param status its status (MOSN's default: 509)
     * @param body its body (MOSN's default: {@code current request is limited})
     */
    record LimitAction(Integer status, String body) {
    }
}
