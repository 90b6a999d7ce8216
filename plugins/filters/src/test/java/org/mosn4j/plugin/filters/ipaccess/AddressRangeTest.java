package org.mosn4j.plugin.filters.ipaccess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

    private static boolean contains(String range, String address) {
        return AddressRange.parse(range).contains(AddressRange.parseAddress(address));
    }

    @Test
    void ipv4BlocksAndSingleAddresses() {
        assertTrue(contains("10.0.0.0/8", "10.255.1.2"));
        assertFalse(contains("10.0.0.0/8", "11.0.0.1"));
        assertTrue(contains("192.168.1.0/23", "192.168.0.7"));
        assertFalse(contains("192.168.1.0/23", "192.168.2.7"));
        assertTrue(contains("172.16.5.4", "172.16.5.4"));
        assertFalse(contains("172.16.5.4", "172.16.5.5"));
        assertTrue(contains("0.0.0.0/0", "8.8.8.8"));
        assertTrue(contains("10.1.2.3/31", "10.1.2.2"));
    }

    @Test
    void ipv6BlocksAndMappedAddresses() {
        assertTrue(contains("2001:db8::/32", "2001:db8:ffff::1"));
        assertFalse(contains("2001:db8::/32", "2001:db9::1"));
        assertTrue(contains("::1", "0:0:0:0:0:0:0:1"));
        assertTrue(contains("::/0", "fe80::1"));
        assertFalse(contains("::/0", "10.0.0.1"), "an IPv6 block does not cover IPv4 addresses");
        assertTrue(contains("10.0.0.0/8", "::ffff:10.1.2.3"), "mapped addresses count as IPv4");
        assertTrue(contains("::ffff:10.0.0.0/104", "10.1.2.3"));
        assertFalse(contains("::ffff:10.0.0.0/104", "11.1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("::ffff:10.0.0.0/8"));
        assertArrayEquals(new byte[] {10, 1, 2, 3}, AddressRange.parseAddress("::ffff:10.1.2.3"));
    }

    @Test
    void badTextIsRejectedWithoutNameLookups() {
        assertNull(AddressRange.parseAddress("localhost"));
        assertNull(AddressRange.parseAddress("example.com"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/-1"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("2001:db8::/129"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("not-an-address"));
    }
}
