/**
 * Prometheus metrics, built with the Prometheus Java client: every value of the stats registry exported under
 * {@code mosn_<type>_<key>} with its namespace as labels, request duration histograms per listener and cluster,
 * and the JVM's metrics; served at the admin API's {@code /metrics} and on the port of a {@code prometheus} sink
 * ({@code metrics.sinks}). See {@code docs/metrics.md}.
 */
package org.mosn4j.kernel.metrics;
