package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

/** Small helpers for tests that speak HTTP/1 as text. */
final class Http1Bytes {

    private Http1Bytes() {
    }

    /**
     * @return a new direct buffer from the default (leak-tracked) allocator with the ISO-8859-1 bytes of
     *         {@code text}; the caller passes it on
     */
    static ByteBuf bytes(String text) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(text.length());
        buf.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        return buf;
    }

    /** @return a header map from alternating names and values */
    static HeaderMap headers(String... namesAndValues) {
        DefaultHeaderMap map = new DefaultHeaderMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
