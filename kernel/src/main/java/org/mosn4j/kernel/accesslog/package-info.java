/**
 * MOSN-compatible access logs: a listener's {@code access_logs} entries, each a {@code log_path} and a
 * {@code log_format} of {@code %variable%} placeholders. {@link org.mosn4j.kernel.accesslog.AccessLogFormat}
 * parses the format and builds lines from a {@link org.mosn4j.kernel.accesslog.RequestInfo};
 * {@link org.mosn4j.kernel.accesslog.AccessLog} hands them to a background writer so the event loop never waits
 * on the disk.
 */
package org.mosn4j.kernel.accesslog;
