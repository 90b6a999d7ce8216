package org.mosn4j.plugin.filters.ipaccess;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.plugin.filters.common.ConfigChecks;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/**
 * A checked {@code ip_access} config, from a listener's filter block or a route's {@code per_filter_config}.
 * Immutable and thread-safe.
 *
 * @param rules the rules in order
 * @param defaultAllow what a request no rule decides gets
 * @param header the header to read the client address from, or null for the connection's peer
 * @param denyStatus the status of the reply to a denied request
 * @param disabled whether the filter lets everything through
 */
record IpAccessSettings(List<Rule> rules, boolean defaultAllow, String header, int denyStatus, boolean disabled) {

    /** The status a denied request gets unless {@code deny_status} says otherwise. */
    static final int DEFAULT_DENY_STATUS = 403;

    /**
     * @param allow whether a client within {@code ranges} is allowed (else denied)
     * @param ranges the addresses the rule is about
     */
    record Rule(boolean allow, List<AddressRange> ranges) {

        boolean covers(byte[] address) {
            for (AddressRange range : ranges) {
                if (range.contains(address)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param json the filter's block
     * @param path its JSON path
     * @return the checked settings
     * @throws ConfigException naming the offending key
     */
    static IpAccessSettings parse(JsonNode json, String path) throws ConfigException {
        IpAccessConfig config = ConfigBinder.INSTANCE.bind(json, IpAccessConfig.class, path);
        boolean defaultAllow = config.defaultAction() == null || config.defaultAction().isEmpty()
                || allow(config.defaultAction(), path + ".default_action");
        List<Rule> rules = new ArrayList<>();
        List<IpAccessConfig.Rule> configured = ConfigBinder.orEmpty(config.ips());
        for (int i = 0; i < configured.size(); i++) {
            String rulePath = path + ".ips[" + i + "]";
            IpAccessConfig.Rule rule = configured.get(i);
            boolean allow = allow(rule.action(), rulePath + ".action");
            List<String> addrs = ConfigBinder.orEmpty(rule.addrs());
            List<AddressRange> ranges = new ArrayList<>();
            for (int a = 0; a < addrs.size(); a++) {
                try {
                    ranges.add(AddressRange.parse(addrs.get(a)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(rulePath + ".addrs[" + a + "]", e.getMessage());
                }
            }
            rules.add(new Rule(allow, List.copyOf(ranges)));
        }
        String header = config.header() == null || config.header().isBlank() ? null : config.header().trim();
        int denyStatus = ConfigChecks.status(config.denyStatus(), path + ".deny_status", DEFAULT_DENY_STATUS);
        return new IpAccessSettings(List.copyOf(rules), defaultAllow, header, denyStatus,
                ConfigChecks.disabled(config.disabled()));
    }

    private static boolean allow(String action, String path) throws ConfigException {
        if ("allow".equals(action)) {
            return true;
        }
        if ("deny".equals(action)) {
            return false;
        }
        throw new ConfigException(path, "expected \"allow\" or \"deny\", got " + (action == null ? "nothing" : "\"" + action + "\""));
    }

    /**
     * @param address the client address (4 or 16 bytes), or null when it could not be read
     * @return whether the request may go on: the first rule covering the address decides, else the default
     */
    boolean allows(byte[] address) {
        if (disabled) {
            return true;
        }
        if (address != null) {
            for (Rule rule : rules) {
                if (rule.covers(address)) {
                    return rule.allow();
                }
            }
        }
        return defaultAllow;
    }
}
