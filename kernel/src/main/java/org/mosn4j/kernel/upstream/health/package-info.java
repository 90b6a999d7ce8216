/**
 * Active health checks of a cluster's hosts ({@code cluster_manager.clusters[].health_check}): a TCP connect or
 * an HTTP request to each host every interval, a threshold state machine per host, and the cluster's balancer
 * rebuilt whenever a host turns unhealthy or healthy again.
 *
 * <p>Threading: every check, timer and state change of one {@link org.mosn4j.kernel.upstream.health.HealthChecker}
 * runs on one event loop, so the per-host state takes no lock; the only shared writes are a host's volatile
 * health flag and {@link org.mosn4j.kernel.upstream.StaticCluster#refreshHosts()}, which is synchronized.
 * Nothing here blocks an event loop.
 */
package org.mosn4j.kernel.upstream.health;
