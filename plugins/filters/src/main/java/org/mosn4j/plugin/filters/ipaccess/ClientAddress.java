package org.mosn4j.plugin.filters.ipaccess;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * Finds the client address of a request: the connection's peer, or an element of a configured header.
 *
 * <p>A forwarding header such as {@code X-Forwarded-For} lists one address per proxy hop, each proxy appending
 * the address it received the request from, so only the rightmost entries come from proxies one trusts; those
 * further left are whatever the client sent. The client address is therefore the rightmost element, skipping
 * it once when it equals the connection's peer address: mosn4j's Http1 listener appends the peer itself before
 * filters run, which the Http2 listener does not, and skipping that entry gives both the address the nearest
 * proxy in front of mosn4j saw. Without the header, or with nothing left in it, the peer address is used. An
 * element that is not an IP address (such as {@code unknown}) gives no address. Elements may carry a port
 * ({@code 10.1.2.3:5555}, {@code [2001:db8::1]:5555}). Stateless.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * @param request the request headers
     * @param header the header to read, or null for the peer address
     * @param peer the connection's peer
     * @return the address as 4 or 16 bytes, or null when the chosen element is not an address
     */
    static byte[] of(HeaderMap request, String header, InetSocketAddress peer) {
        byte[] peerAddress = peer == null || peer.getAddress() == null ? null
                : AddressRange.unmapped(peer.getAddress().getAddress());
        if (header == null) {
            return peerAddress;
        }
        List<String> values = request.getAll(header);
        boolean skippedPeer = false;
        for (int v = values.size() - 1; v >= 0; v--) {
            String[] elements = values.get(v).split(",");
            for (int e = elements.length - 1; e >= 0; e--) {
                String element = elements[e].trim();
                if (element.isEmpty()) {
                    continue;
                }
                byte[] address = parse(element);
                if (!skippedPeer && address != null && peerAddress != null && Arrays.equals(address, peerAddress)) {
                    skippedPeer = true;
                    continue;
                }
                return address;
            }
        }
        return peerAddress;
    }

    /** @return the address of one header element, with an optional port and brackets, or null */
    static byte[] parse(String element) {
        String text = element;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            text = text.substring(1, close);
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            text = text.substring(0, text.indexOf(':'));
        }
        return AddressRange.parseAddress(text);
    }
}
