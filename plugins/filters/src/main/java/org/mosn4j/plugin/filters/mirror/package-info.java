/**
 * The {@code mirror} stream filter: sends a copy of a percentage of requests, headers and body, to a shadow
 * cluster and ignores the answers, through the kernel's shadow requests.
 */
package org.mosn4j.plugin.filters.mirror;
