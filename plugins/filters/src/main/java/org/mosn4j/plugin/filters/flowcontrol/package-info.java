/**
 * {@code flowControlFilter}: MOSN's request-rate limiting on Sentinel's flow rules ({@code grade} 1: requests
 * per second, 0: requests in flight), with {@code limit_key_type} naming the resource of each request, a
 * configurable reply to limited requests, a monitor mode that only counts, and per-route switches through
 * {@code per_filter_config}. Sentinel's rules and counts are process-wide; {@link
 * org.mosn4j.plugin.filters.flowcontrol.SentinelFlowRules} merges every listener's rules.
 */
package org.mosn4j.plugin.filters.flowcontrol;
