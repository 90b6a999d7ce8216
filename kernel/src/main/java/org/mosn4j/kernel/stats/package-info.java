/**
 * Counters for listeners, clusters and hosts, kept with {@link java.util.concurrent.atomic.LongAdder} so the
 * hot path takes no lock, and the registry the admin API's {@code /api/v1/stats} reads in MOSN's layout.
 */
package org.mosn4j.kernel.stats;
