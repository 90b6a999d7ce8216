package org.mosn4j.plugin.filters.ipaccess;

import java.util.List;

/**
 * The {@code ip_access} filter's JSON block, with MOSN's fields and a configurable deny status.
 *
 * @param defaultAction {@code "allow"} (the default) or {@code "deny"}: what a request no rule decides gets
 * @param header a request header to read the client address from (such as {@code X-Forwarded-For}); absent or
 *               empty: the connection's peer address
 * @param ips the rules, tried in order; the first whose addresses contain the client decides
 * @param denyStatus the status a denied request is answered with; default 403
 * @param disabled true turns the filter off (useful in a route's {@code per_filter_config})
 */
record IpAccessConfig(String defaultAction, String header, List<Rule> ips, Integer denyStatus, Boolean disabled) {

    /**
     * @param action {@code "allow"} or {@code "deny"}
     * @param addrs addresses ({@code "10.1.2.3"}, {@code "::1"}) and CIDR blocks ({@code "10.0.0.0/8"},
     *              {@code "2001:db8::/32"}); {@code "0.0.0.0/0"} and {@code "::/0"} match every address of their family
     */
    record Rule(String action, List<String> addrs) {
    }
}
