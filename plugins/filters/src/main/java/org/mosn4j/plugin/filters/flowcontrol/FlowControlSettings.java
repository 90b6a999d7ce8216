package org.mosn4j.plugin.filters.flowcontrol;

import java.nio.charset.StandardCharsets;
import org.mosn4j.spi.config.ConfigException;

/**
 * How a {@code flowControlFilter} treats requests: the listener's config, or that merged with a route's
 * {@code per_filter_config}. Immutable.
 *
 * @param enabled whether requests are checked at all ({@code global_switch})
 * @param monitor whether limited requests pass anyway, only counted and logged
 * @param keyType what names a request's resource
 * @param status the status of the reply to a limited request
 * @param body the body of that reply, UTF-8; may be empty
 */
record FlowControlSettings(boolean enabled, boolean monitor, LimitKeyType keyType, int status, byte[] body) {

    /** MOSN's status for a limited request ({@code LimitExceededCode}). */
    static final int DEFAULT_STATUS = 509;
    /** MOSN's body for a limited request. */
    static final String DEFAULT_BODY = "current request is limited";

    /** @return the settings of a listener's filter config, with MOSN's defaults */
    static FlowControlSettings of(FlowControlConfig config, String path) throws ConfigException {
        return new FlowControlSettings(Boolean.TRUE.equals(config.globalSwitch()), Boolean.TRUE.equals(config.monitor()),
                keyType(config.limitKeyType(), LimitKeyType.PATH, path),
                status(config.action(), DEFAULT_STATUS, path),
                body(config.action(), DEFAULT_BODY.getBytes(StandardCharsets.UTF_8)));
    }

    static LimitKeyType keyType(String name, LimitKeyType absent, String path) throws ConfigException {
        if (name == null || name.isEmpty()) {
            return absent;
        }
        LimitKeyType type = LimitKeyType.named(name);
        if (type == null) {
            throw new ConfigException(path + ".limit_key_type", "expected PATH, URI or ARG, got \"" + name + "\"");
        }
        return type;
    }

    static Integer status(FlowControlConfig.LimitAction action, Integer absent, String path) throws ConfigException {
        if (action == null || action.status() == null || action.status() == 0) {
            return absent;
        }
        int status = action.status();
        if (status < 200 || status > 599) {
            throw new ConfigException(path + ".action.status", "expected an HTTP status from 200 to 599, got " + status);
        }
        return status;
    }

    static byte[] body(FlowControlConfig.LimitAction action, byte[] absent) {
        return action == null || action.body() == null ? absent : action.body().getBytes(StandardCharsets.UTF_8);
    }
}
