package org.mosn4j.plugin.filters.ipaccess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

class ClientAddressTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("192.168.7.7", 40000);

    private static byte[] of(String header, String... values) {
        HeaderMap headers = new DefaultHeaderMap();
        for (String value : values) {
            headers.add("x-forwarded-for", value);
        }
        return ClientAddress.of(headers, header, PEER);
    }

    private static byte[] ip(String text) {
        return AddressRange.parseAddress(text);
    }

    @Test
    void withoutAHeaderTheConnectionsPeerIsTheClient() {
        assertArrayEquals(ip("192.168.7.7"), of(null, "10.1.1.1"));
        assertArrayEquals(ip("192.168.7.7"), of("x-forwarded-for"));
    }

    @Test
    void theRightmostAddressCountsAndWhatTheClientWroteLeftOfItDoesNot() {
        assertArrayEquals(ip("10.1.1.1"), of("x-forwarded-for", "10.1.1.1"));
        assertArrayEquals(ip("10.2.2.2"), of("x-forwarded-for", "1.1.1.1, 10.2.2.2"));
        assertArrayEquals(ip("10.2.2.2"), of("x-forwarded-for", "1.1.1.1", "10.2.2.2"));
    }

    @Test
    void thePeerEntryAppendedByTheHttp1ListenerIsSkippedOnce() {
        assertArrayEquals(ip("10.1.1.1"), of("x-forwarded-for", "10.1.1.1, 192.168.7.7"));
        assertArrayEquals(ip("192.168.7.7"), of("x-forwarded-for", "192.168.7.7, 192.168.7.7"));
        assertArrayEquals(ip("192.168.7.7"), of("x-forwarded-for", "192.168.7.7"));
    }

    @Test
    void portsBracketsAndGarbage() {
        assertArrayEquals(ip("10.1.1.1"), of("x-forwarded-for", "10.1.1.1:5555"));
        assertArrayEquals(ip("2001:db8::1"), of("x-forwarded-for", "[2001:db8::1]:5555"));
        assertArrayEquals(ip("2001:db8::1"), of("x-forwarded-for", "2001:db8::1"));
        assertArrayEquals(ip("10.1.1.1"), of("x-forwarded-for", " 10.1.1.1 ,"));
        assertNull(of("x-forwarded-for", "10.1.1.1, unknown"));
        assertNull(of("x-forwarded-for", "example.com"));
    }
}
