package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

class HeaderBlockWriterTest {

    private final HeaderBlockWriter writer = new HeaderBlockWriter();

    private String write(HeaderMap headers, String skip) {
        ByteBuf out = Unpooled.buffer();
        try {
            writer.write(headers, skip, out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    private static HeaderMap map(String... namesAndValues) {
        HeaderMap map = new DefaultHeaderMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void writesRegularHeadersInOrderAndSpellingWithoutPseudoHeaders() {
        String block = write(map(":method", "GET", ":path", "/", "X-One", "1", "accept", "*/*", "X-One", "2"), null);
        assertEquals("X-One: 1\r\naccept: */*\r\nX-One: 2\r\n", block);
        assertEquals(-1, writer.contentLength());
    }

    @Test
    void leavesOutHopByHopHeadersAndTheOnesConnectionNames() {
        String block = write(map("Connection", "close, X-Private", "keep-alive", "timeout=5", "Proxy-Connection", "x",
                "Transfer-Encoding", "chunked", "Trailer", "x", "Upgrade", "h2c", "HTTP2-Settings", "AAA",
                "Proxy-Authenticate", "x", "Proxy-Authorization", "x", "x-private", "secret", "close", "kept",
                "X-Public", "yes"), null);
        assertEquals("close: kept\r\nX-Public: yes\r\n", block);
    }

    @Test
    void keepsTeOnlyAsTrailers() {
        assertEquals("te: trailers\r\n", write(map("TE", "gzip, trailers", "te", "deflate"), null));
        assertEquals("", write(map("TE", "gzip"), null));
    }

    @Test
    void writesTheFirstValidContentLengthOnly() {
        assertEquals("Content-Length: 12\r\n", write(map("Content-Length", "12", "content-length", "13"), null));
        assertEquals(12, writer.contentLength());
        assertEquals("", write(map("Content-Length", "+12"), null));
        assertEquals(-1, writer.contentLength());
        assertEquals("x: y\r\n", write(map("Content-Length", "5", "x", "y"), "content-length"));
    }

    @Test
    void skipsTheNameTheCallerWrites() {
        assertEquals("b: 2\r\n", write(map("Host", "a", "b", "2"), "host"));
    }

    @Test
    void refusesWhatCouldSplitOrEndALine() {
        for (String value : new String[] {"a\r\nInjected: 1", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "a\u010ab"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> write(map("X-Value", value), null));
            assertTrue(e.getMessage().contains("X-Value"), e.getMessage());
        }
        for (String name : new String[] {"X Name", "X:Name", "X\r\nName", "Ä"}) {
            assertThrows(IllegalArgumentException.class, () -> write(map(name, "v"), null));
        }
    }

    @Test
    void allowsTabsAndLatin1InValues() {
        assertEquals("x: a\tb\u00e9\r\n", write(map("x", "a\tb\u00e9"), null));
    }
}
