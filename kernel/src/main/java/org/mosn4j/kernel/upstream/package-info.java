/**
 * Proxy layer, upstream side: clusters built from {@code cluster_manager}, their hosts, load balancers and
 * the connections opened to hosts.
 */
package org.mosn4j.kernel.upstream;
