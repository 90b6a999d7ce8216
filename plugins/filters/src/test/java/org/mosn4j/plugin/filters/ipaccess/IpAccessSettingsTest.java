package org.mosn4j.plugin.filters.ipaccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

class IpAccessSettingsTest {

    private static IpAccessSettings parse(String json) throws Exception {
        JsonNode node = ConfigBinder.INSTANCE.mapper().readTree(json);
        return IpAccessSettings.parse(node, "f.config");
    }

    private static String error(String json) {
        return assertThrows(ConfigException.class, () -> parse(json)).getMessage();
    }

    @Test
    void theFirstCoveringRuleDecidesElseTheDefault() throws Exception {
        IpAccessSettings settings = parse("""
                {"default_action": "deny", "ips": [
                  {"action": "deny", "addrs": ["10.1.0.0/16"]},
                  {"action": "allow", "addrs": ["10.0.0.0/8", "::1"]}]}""");
        assertFalse(settings.allows(AddressRange.parseAddress("10.1.2.3")));
        assertTrue(settings.allows(AddressRange.parseAddress("10.2.2.3")));
        assertTrue(settings.allows(AddressRange.parseAddress("::1")));
        assertFalse(settings.allows(AddressRange.parseAddress("192.168.1.1")));
        assertFalse(settings.allows(null), "an unreadable address gets the default action");
        assertEquals(403, settings.denyStatus());
        assertTrue(parse("{}").allows(AddressRange.parseAddress("1.2.3.4")), "allow is the default action");
    }

    @Test
    void errorsNameTheirPath() {
        assertEquals("f.config.ips[1].addrs[0]: expected an IPv4 or IPv6 address or CIDR block such as \"10.0.0.0/8\" "
                + "or \"2001:db8::/32\", got \"10.0.0.300\"", error("""
                {"ips": [{"action": "deny", "addrs": ["1.2.3.4"]}, {"action": "deny", "addrs": ["10.0.0.300"]}]}"""));
        assertEquals("f.config.ips[0].action: expected \"allow\" or \"deny\", got \"block\"",
                error("{\"ips\": [{\"action\": \"block\", \"addrs\": []}]}"));
        assertEquals("f.config.default_action: expected \"allow\" or \"deny\", got \"maybe\"",
                error("{\"default_action\": \"maybe\"}"));
        assertEquals("f.config.deny_status: expected an HTTP status from 200 to 599, got 99", error("{\"deny_status\": 99}"));
        assertTrue(error("{\"ips\": \"10.0.0.0/8\"}").startsWith("f.config.ips: expected a list"));
    }
}
