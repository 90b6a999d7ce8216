package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * Writes the header lines of an outgoing HTTP/1.1 message straight from a {@link HeaderMap} into a buffer, as
 * {@code name: value CRLF}, in the map's order and spelling. Left out: pseudo headers, one name the caller
 * writes itself ({@code Host}), the hop-by-hop headers {@link HopByHopHeaders} names and those a
 * {@code Connection} header lists, {@code TE} unless it asks for {@code trailers} (then {@code te: trailers}), and
 * any {@code Content-Length} but the first, which is left out too when it is not a plain decimal number.
 *
 * <p>Nothing that could end a line or split a header reaches the wire: a name must be an RFC 9110 token and a
 * value may hold no control character but horizontal tab, and no character beyond Latin-1; otherwise
 * {@link #write} throws and the caller drops the buffer. Values are written one byte per character.
 *
 * <p>Not thread-safe; one instance per connection, used on its event loop.
 */
final class HeaderBlockWriter implements BiConsumer<String, String> {

    private static final byte[] COLON_SPACE = {':', ' '};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TE_TRAILERS = "te: trailers\r\n".getBytes(StandardCharsets.US_ASCII);

    private ByteBuf out;
    private String skip;
    private String connectionTokens;
    private boolean teTrailers;
    private boolean teWritten;
    private boolean contentLengthSeen;
    private long contentLength;

    /**
     * Writes the map's header lines.
     *
     * @param headers the message's headers
     * @param skip a name to leave out (matched ignoring case), or null
     * @param buf where the lines go
     * @throws IllegalArgumentException naming the header, when a name or value may not go on the wire; part of
     *         the lines may have been written
     */
    void write(HeaderMap headers, String skip, ByteBuf buf) {
        this.out = buf;
        this.skip = skip;
        connectionTokens = null;
        if (headers.get("connection") != null) {
            List<String> connection = headers.getAll("connection");
            connectionTokens = connection.size() == 1 ? connection.get(0) : String.join(",", connection);
        }
        teTrailers = false;
        teWritten = false;
        contentLengthSeen = false;
        contentLength = -1;
        if (headers.get("te") != null) {
            for (String value : headers.getAll("te")) {
                teTrailers |= HopByHopHeaders.listsToken(value, "trailers");
            }
        }
        try {
            headers.forEach(this);
        } finally {
            this.out = null;
            connectionTokens = null;
        }
    }

    /** @return the value of the {@code Content-Length} the last {@link #write} wrote, or -1 when it wrote none */
    long contentLength() {
        return contentLength;
    }

    @Override
    public void accept(String name, String value) {
        if (name.isEmpty() || name.charAt(0) == ':' || (skip != null && skip.equalsIgnoreCase(name))
                || HopByHopHeaders.isAlwaysRemoved(name)
                || (connectionTokens != null && HopByHopHeaders.isNamedBy(connectionTokens, name))) {
            return;
        }
        if (name.equalsIgnoreCase("te")) {
            if (teTrailers && !teWritten) {
                teWritten = true;
                out.writeBytes(TE_TRAILERS);
            }
            return;
        }
        if (name.equalsIgnoreCase("content-length")) {
            if (contentLengthSeen) {
                return;
            }
            contentLengthSeen = true;
            contentLength = Http1Headers.parseContentLength(value);
            if (contentLength < 0) {
                return;
            }
        }
        line(out, name, value);
    }

    /**
     * Writes one header line.
     *
     * @throws IllegalArgumentException when the name is not a token or the value holds a forbidden character
     */
    static void line(ByteBuf out, CharSequence name, CharSequence value) {
        checkName(name);
        checkValue(name, value);
        writeLatin1(out, name);
        out.writeBytes(COLON_SPACE);
        writeLatin1(out, value);
        out.writeBytes(CRLF);
    }

    /** @throws IllegalArgumentException when {@code token} is empty or holds a character no RFC 9110 token may */
    static void checkToken(String what, CharSequence token) {
        if (token.length() == 0) {
            throw new IllegalArgumentException("empty " + what);
        }
        for (int i = 0; i < token.length(); i++) {
            if (!isTokenChar(token.charAt(i))) {
                throw new IllegalArgumentException(what + " '" + printable(token) + "' holds a character not allowed"
                        + " in a token at index " + i);
            }
        }
    }

    private static void checkName(CharSequence name) {
        checkToken("header name", name);
    }

    private static void checkValue(CharSequence name, CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("the value of header '" + name + "' holds character 0x"
                        + Integer.toHexString(c) + " at index " + i);
            }
        }
    }

    /** Writes each character as one byte; the caller checked that none is beyond Latin-1. */
    static void writeLatin1(ByteBuf out, CharSequence text) {
        out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
    }

    /** RFC 9110 section 5.6.2: tchar. */
    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
                return true;
            default:
                return false;
        }
    }

    private static String printable(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0x7e) {
                b.append("\\x").append(Integer.toHexString(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
