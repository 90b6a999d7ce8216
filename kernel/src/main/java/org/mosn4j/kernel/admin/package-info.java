/**
 * The admin HTTP API on the {@code admin} address, with MOSN's paths and response shapes:
 * version, config dump, stats, states, log levels, features and environment, and the plugin paths that list,
 * load, disable, enable and unload plugins at run time; {@code /metrics} in Prometheus text format, also served
 * alone on a Prometheus sink's own port.
 */
package org.mosn4j.kernel.admin;
