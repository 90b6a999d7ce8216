/**
 * Helpers the bundled filters share: choosing between a listener's config and a route's
 * {@code per_filter_config}, checking percentages and status codes, and text replies.
 */
package org.mosn4j.plugin.filters.common;
