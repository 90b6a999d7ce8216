package org.mosn4j.plugin.filters.gzip;

import java.util.List;

/**
 * The {@code gzip} filter's JSON block, as MOSN writes it.
 *
 * @param gzipLevel the compression level, 1 (fastest) to 9 (smallest); 0 or absent: 6
 * @param contentLength responses with a smaller {@code Content-Length} are sent as they are; default 30. A
 *                      response without {@code Content-Length} is compressed whatever its size
 * @param contentTypes the media types to compress ({@code "text/html"}, or a whole family as {@code "text/*"});
 *                     absent: {@link GzipSettings#DEFAULT_CONTENT_TYPES}
 * @param disabled true turns the filter off (useful in a route's {@code per_filter_config})
 */
record GzipConfig(Integer gzipLevel, Long contentLength, List<String> contentTypes, Boolean disabled) {
}
