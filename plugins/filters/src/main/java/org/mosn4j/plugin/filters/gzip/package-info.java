/**
 * The {@code gzip} stream filter: compresses responses chunk by chunk as they stream, for clients whose
 * {@code Accept-Encoding} takes gzip, by content type and minimum length.
 */
package org.mosn4j.plugin.filters.gzip;
