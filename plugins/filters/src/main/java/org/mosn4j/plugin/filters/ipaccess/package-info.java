/**
 * The {@code ip_access} stream filter: allows or denies requests by the client's address (IPv4 or IPv6, single
 * addresses or CIDR blocks), taken from the connection or from a header such as {@code X-Forwarded-For}.
 */
package org.mosn4j.plugin.filters.ipaccess;
