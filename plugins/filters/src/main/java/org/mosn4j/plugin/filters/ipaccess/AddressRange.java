package org.mosn4j.plugin.filters.ipaccess;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 CIDR block, a single address being a block of 32 or 128 bits. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.1.2.3}) count as IPv4, in blocks and in the addresses tested. Immutable and thread-safe.
 */
final class AddressRange {

    private final byte[] network;
    private final int prefixLength;

    private AddressRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * @param text an address or {@code address/prefix-length}
     * @return the block
     * @throws IllegalArgumentException saying what is wrong
     */
    static AddressRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("expected an IPv4 or IPv6 address or CIDR block such as \"10.0.0.0/8\" or "
                    + "\"2001:db8::/32\", got \"" + text + "\"");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            try {
                prefix = length.startsWith("+") ? -1 : Integer.parseInt(length);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("expected a prefix length from 0 to " + bits + " after \"/\" in \""
                        + text + "\"");
            }
        }
        byte[] unmapped = unmapped(address);
        if (unmapped.length != address.length) {
            // An IPv4-mapped block counts in IPv6 bits: ::ffff:10.0.0.0/104 is 10.0.0.0/8.
            if (prefix < 96) {
                throw new IllegalArgumentException("expected a prefix length from 96 to 128 for the IPv4-mapped \""
                        + text + "\"");
            }
            prefix -= 96;
        }
        return new AddressRange(mask(unmapped, prefix), prefix);
    }

    /**
     * Parses an IP address literal without any name lookup.
     *
     * @return 4 bytes for IPv4 (mapped IPv6 included), 16 for IPv6, or null when {@code text} is not an address
     */
    static byte[] parseAddress(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        return bytes == null ? null : unmapped(bytes);
    }

    /** @return an IPv4-mapped IPv6 address as its 4 IPv4 bytes, anything else as it is */
    static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    /** @param address 4 or 16 bytes, as {@link #parseAddress} gives */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[full] & mask) == (network[full] & 0xff);
    }
}
