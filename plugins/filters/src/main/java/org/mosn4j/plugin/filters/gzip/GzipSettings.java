package org.mosn4j.plugin.filters.gzip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mosn4j.plugin.filters.common.ConfigChecks;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * A checked {@code gzip} config, from a listener's filter block or a route's {@code per_filter_config}.
 * Immutable and thread-safe.
 *
 * @param level the Deflater level, 1 to 9
 * @param minLength the smallest {@code Content-Length} compressed
 * @param contentTypes media types in lower case; an entry ending in {@code /*} covers its family
 * @param disabled whether the filter leaves every response alone
 */
record GzipSettings(int level, long minLength, List<String> contentTypes, boolean disabled) {

    /** The level when none is configured (MOSN's). */
    static final int DEFAULT_LEVEL = 6;
    /** The smallest {@code Content-Length} compressed when none is configured (MOSN's). */
    static final long DEFAULT_MIN_LENGTH = 30;
    /** The media types compressed when none are configured: text formats that shrink well. */
    static final List<String> DEFAULT_CONTENT_TYPES = List.of("text/html", "text/plain", "text/css", "text/xml",
            "text/javascript", "application/javascript", "application/json", "application/xml", "image/svg+xml");

    static GzipSettings parse(JsonNode json, String path) throws ConfigException {
        GzipConfig config = ConfigBinder.INSTANCE.bind(json, GzipConfig.class, path);
        int level = config.gzipLevel() == null || config.gzipLevel() == 0 ? DEFAULT_LEVEL : config.gzipLevel();
        if (level < 1 || level > 9) {
            throw new ConfigException(path + ".gzip_level", "expected a level from 1 (fastest) to 9 (smallest), "
                    + "or 0 for the default 6, got " + config.gzipLevel());
        }
        long minLength = config.contentLength() == null ? DEFAULT_MIN_LENGTH : config.contentLength();
        if (minLength < 0) {
            throw new ConfigException(path + ".content_length", "expected a size in bytes, got " + minLength);
        }
        List<String> types = DEFAULT_CONTENT_TYPES;
        if (config.contentTypes() != null) {
            List<String> configured = new ArrayList<>();
            for (int i = 0; i < config.contentTypes().size(); i++) {
                String type = config.contentTypes().get(i);
                if (type == null || type.isBlank() || type.indexOf('/') <= 0) {
                    throw new ConfigException(path + ".content_types[" + i + "]", "expected a media type such as "
                            + "\"text/html\" or \"text/*\", got " + (type == null ? "null" : "\"" + type + "\""));
                }
                configured.add(type.trim().toLowerCase(Locale.ROOT));
            }
            types = List.copyOf(configured);
        }
        return new GzipSettings(level, minLength, types, ConfigChecks.disabled(config.disabled()));
    }

    /** @param contentType a {@code Content-Type} value, or null */
    boolean compresses(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        for (String type : contentTypes) {
            if (type.endsWith("/*") ? media.startsWith(type.substring(0, type.length() - 1)) : type.equals(media)) {
                return true;
            }
        }
        return false;
    }
}
