/** Logging set-up from {@code default_log_path} / {@code default_log_level}, and runtime level changes for the admin API. */
package org.mosn4j.kernel.log;
