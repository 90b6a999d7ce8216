/**
 * Config changes while running: a {@link org.mosn4j.kernel.dynamic.ConfigChange} of listeners, clusters, hosts
 * and routers, from the admin API or xDS, checked whole and applied without dropping traffic.
 */
package org.mosn4j.kernel.dynamic;
