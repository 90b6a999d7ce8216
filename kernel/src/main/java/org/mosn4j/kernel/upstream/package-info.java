/**
 * Proxy layer, upstream side: clusters built from {@code cluster_manager}, their hosts, load balancers, host
 * ejection (failing hosts left out of load balancing for a while) and the connections opened to hosts.
 */
package org.mosn4j.kernel.upstream;
