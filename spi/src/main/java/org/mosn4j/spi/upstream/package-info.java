/**
 * Proxy layer contracts for the upstream side: clusters, their hosts, load balancing and upstream
 * connections. The kernel implements them; plugins look clusters up by name and open connections through
 * them, so connection counts, byte counters and connect failures land in the cluster's stats.
 */
package org.mosn4j.spi.upstream;
