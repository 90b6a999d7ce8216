package org.mosn4j.plugin.filters.common;

import org.mosn4j.spi.config.ConfigException;

/** Checks of config values shared by the filters, reporting by JSON path. Stateless. */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    /**
     * @param value a percentage as configured, or null
     * @param path its JSON path
     * @param absent the value when it is not configured
     * @return the percentage, 0 to 100
     */
    public static int percentage(Integer value, String path, int absent) throws ConfigException {
        if (value == null) {
            return absent;
        }
        if (value < 0 || value > 100) {
            throw new ConfigException(path, "expected a percentage from 0 to 100, got " + value);
        }
        return value;
    }

    /**
     * @param value a status code as configured, or null
     * @param path its JSON path
     * @param absent the value when it is not configured
     * @return the status, 200 to 599
     */
    public static int status(Integer value, String path, int absent) throws ConfigException {
        if (value == null) {
            return absent;
        }
        if (value < 200 || value > 599) {
            throw new ConfigException(path, "expected an HTTP status from 200 to 599, got " + value);
        }
        return value;
    }

    /** @return whether a {@code disabled} flag is set */
    public static boolean disabled(Boolean value) {
        return Boolean.TRUE.equals(value);
    }
}
