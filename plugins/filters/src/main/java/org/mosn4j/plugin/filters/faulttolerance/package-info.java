/**
 * {@code fault_tolerance}: MOSN's ejection of failing upstream hosts, configured with MOSN's fields and carried
 * out by the kernel's host ejection, which every load balancer respects.
 */
package org.mosn4j.plugin.filters.faulttolerance;
