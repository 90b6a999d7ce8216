package org.mosn4j.plugin.tcpproxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.mosn4j.spi.config.ConfigException;

/** An IP prefix that addresses are matched against. Immutable. */
final class CidrRange {

    private final byte[] network;
    private final int prefixLength;

    private CidrRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * @param address an IP literal
     * @param length the prefix length, or null for a single address
     * @param path JSON path for errors
     * @return the range
     * @throws ConfigException when the address is not an IP literal or the length is out of range
     */
    static CidrRange parse(String address, Integer length, String path) throws ConfigException {
        if (address == null || address.isEmpty() || !(address.contains(":") || address.matches("[0-9.]+"))) {
            throw new ConfigException(path + ".address", "expected an IP address, got \"" + address + "\"");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(path + ".address", "expected an IP address, got \"" + address + "\"");
        }
        int bits = bytes.length * 8;
        int prefix = length == null ? bits : length;
        if (prefix < 0 || prefix > bits) {
            throw new ConfigException(path + ".length", "expected a prefix length from 0 to " + bits + ", got " + prefix);
        }
        return new CidrRange(mask(bytes, prefix), prefix);
    }

    /** @return whether the address is inside this range (addresses of the other IP family never are) */
    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }
}
